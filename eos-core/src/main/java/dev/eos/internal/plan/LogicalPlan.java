package dev.eos.internal.plan;

import dev.eos.dsl.Pipeline;
import dev.eos.errors.EosException;
import dev.eos.store.StoreSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The immutable graph a {@code PipelineBuilder} produces: nodes in creation order and, per node,
 * its children in the order they were attached, the declared stores and the repartition topics.
 * The runtime {@link #resolve resolves} it for its {@code application.id} (naming the
 * repartition topics) and instantiates each {@link Subtopology} once per task.
 *
 * <p>Invariants (checked by {@link PlanGraph#build()}): node names are unique; every child named
 * exists; there is at least one source; sources have no parents and sinks have no children; no
 * topic is read by two sources; processors sharing a store are in one sub-topology.
 */
public final class LogicalPlan implements Pipeline {
    /** Stands for the application id in repartition topic names until the plan is resolved. */
    public static final String APPLICATION_ID_PLACEHOLDER = "${application.id}";

    private final List<PlanNode> nodes;
    private final Map<String, List<String>> children;
    private final Map<String, PlanNode> byName;
    private final Map<String, StoreSpec<?, ?>> stores;
    private final List<RepartitionTopic> repartitionTopics;
    private final List<Subtopology> subtopologies;
    private final Map<String, Subtopology> subtopologyByTopic = new HashMap<>();

    LogicalPlan(List<PlanNode> nodes, Map<String, List<String>> children, Map<String, StoreSpec<?, ?>> stores,
                List<RepartitionTopic> repartitionTopics) {
        this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
        this.nodes = List.copyOf(nodes);
        this.repartitionTopics = List.copyOf(repartitionTopics);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        children.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.children = Collections.unmodifiableMap(copy);
        Map<String, PlanNode> index = new LinkedHashMap<>();
        nodes.forEach(n -> index.put(n.name(), n));
        this.byName = Collections.unmodifiableMap(index);
        this.subtopologies = SubtopologySplit.split(this.nodes, this.children);
        for (Subtopology s : subtopologies) {
            s.sourceTopics().forEach(t -> subtopologyByTopic.put(t, s));
        }
    }

    /** The declared state stores by name, in declaration order. */
    public Map<String, StoreSpec<?, ?>> stores() {
        return stores;
    }

    /** The stores of one sub-topology, in declaration order. */
    public Map<String, StoreSpec<?, ?>> storesOf(Subtopology subtopology) {
        Map<String, StoreSpec<?, ?>> out = new LinkedHashMap<>();
        stores.forEach((name, spec) -> {
            if (subtopology.storeNames().contains(name)) {
                out.put(name, spec);
            }
        });
        return out;
    }

    public List<RepartitionTopic> repartitionTopics() {
        return repartitionTopics;
    }

    public List<Subtopology> subtopologies() {
        return subtopologies;
    }

    /** The sub-topology whose source reads {@code topic}. */
    public Subtopology subtopologyOf(String topic) {
        Subtopology s = subtopologyByTopic.get(topic);
        if (s == null) {
            throw new IllegalArgumentException("No source of the pipeline reads topic " + topic);
        }
        return s;
    }

    /**
     * This plan for application {@code applicationId}: repartition topics get their names
     * {@code <application.id>-<name>-repartition}.
     */
    public LogicalPlan resolve(String applicationId) {
        List<PlanNode> resolved = new ArrayList<>();
        for (PlanNode n : nodes) {
            if (n instanceof SourceNode s) {
                resolved.add(new SourceNode(s.name(), s.topics().stream().map(t -> resolveTopic(t, applicationId))
                        .toList(), s.keySerde(), s.valueSerde()));
            } else if (n instanceof SinkNode s && s.topic() != null) {
                resolved.add(new SinkNode(s.name(), resolveTopic(s.topic(), applicationId), s.extractor(),
                        s.keySerde(), s.valueSerde(), s.partitioner()));
            } else {
                resolved.add(n);
            }
        }
        return new LogicalPlan(resolved, children, stores,
                repartitionTopics.stream().map(r -> r.resolve(applicationId)).toList());
    }

    static String resolveTopic(String topic, String applicationId) {
        return topic.startsWith(APPLICATION_ID_PLACEHOLDER)
                ? applicationId + topic.substring(APPLICATION_ID_PLACEHOLDER.length()) : topic;
    }

    public List<PlanNode> nodes() {
        return nodes;
    }

    public PlanNode node(String name) {
        return byName.get(name);
    }

    public List<String> childrenOf(String name) {
        return children.getOrDefault(name, List.of());
    }

    public List<SourceNode> sources() {
        List<SourceNode> out = new ArrayList<>();
        for (PlanNode n : nodes) {
            if (n instanceof SourceNode s) {
                out.add(s);
            }
        }
        return out;
    }

    public List<SinkNode> sinks() {
        List<SinkNode> out = new ArrayList<>();
        for (PlanNode n : nodes) {
            if (n instanceof SinkNode s) {
                out.add(s);
            }
        }
        return out;
    }

    private Set<String> repartitionTopicNames() {
        Set<String> names = new LinkedHashSet<>();
        repartitionTopics.forEach(r -> names.add(r.topic()));
        return names;
    }

    /** The user's topics the pipeline reads (not its repartition topics). */
    @Override
    public Set<String> sourceTopics() {
        Set<String> topics = consumedTopics();
        topics.removeAll(repartitionTopicNames());
        return Collections.unmodifiableSet(topics);
    }

    /** Every topic the consumers subscribe to: the user's source topics and the repartition topics. */
    public Set<String> consumedTopics() {
        Set<String> topics = new LinkedHashSet<>();
        sources().forEach(s -> topics.addAll(s.topics()));
        return topics;
    }

    /** The user's topics the pipeline writes by name (not its repartition topics). */
    @Override
    public Set<String> sinkTopics() {
        Set<String> topics = new LinkedHashSet<>();
        sinks().forEach(s -> s.fixedTopic().ifPresent(topics::add));
        topics.removeAll(repartitionTopicNames());
        return Collections.unmodifiableSet(topics);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Pipeline\n");
        for (Subtopology s : subtopologies) {
            sb.append("  Sub-topology ").append(s.id()).append(" (reads ").append(new TreeSet<>(s.sourceTopics()))
                    .append(")\n");
            for (String name : s.nodeNames()) {
                PlanNode n = byName.get(name);
                sb.append("    ").append(n.describeSelf());
                List<String> kids = childrenOf(n.name());
                if (!kids.isEmpty()) {
                    sb.append(" --> ").append(String.join(", ", kids));
                }
                sb.append('\n');
            }
        }
        stores.values().forEach(spec -> sb.append("  ").append(spec).append('\n'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** The external sinks that keep their source offsets in the external system, by node name. */
    public List<String> offsetOwningSinks() {
        List<String> out = new ArrayList<>();
        for (PlanNode n : nodes) {
            if (n instanceof ExternalSinkNode e && e.factory().ownsOffsets()) {
                out.add(n.name());
            }
        }
        return out;
    }

    /**
     * Fails if a sub-topology with an offset-owning external sink also writes Kafka topics or
     * keeps state: their effects would not be in the external transaction that records the
     * offsets, so a crash between the two commits would lose or repeat them.
     */
    void checkOffsetOwningSinksAreAlone() {
        for (Subtopology s : subtopologies) {
            List<String> owning = new ArrayList<>();
            List<String> others = new ArrayList<>();
            for (String name : s.nodeNames()) {
                PlanNode n = byName.get(name);
                if (n instanceof ExternalSinkNode e) {
                    (e.factory().ownsOffsets() ? owning : others).add(name);
                } else if (n instanceof SinkNode) {
                    others.add(name);
                }
            }
            if (!owning.isEmpty() && (owning.size() > 1 || !others.isEmpty() || !s.storeNames().isEmpty())) {
                throw new EosException("External sink " + owning + " keeps its source offsets in the external system, "
                        + "so it must be the only output of its part of the pipeline, but that part also has "
                        + (others.isEmpty() ? "" : "outputs " + others + (s.storeNames().isEmpty() ? "" : " and "))
                        + (s.storeNames().isEmpty() ? "" : "state stores " + s.storeNames())
                        + ". Fix: write the other outputs from a separate pipeline reading the same topic, or use an "
                        + "idempotent (upsert) sink here.");
            }
        }
    }

    /** Fails if a store is used by processors of two sub-topologies (no task could hold both). */
    void checkStoresAreLocal() {
        Map<String, Integer> owner = new HashMap<>();
        for (Subtopology s : subtopologies) {
            for (String store : s.storeNames()) {
                Integer other = owner.putIfAbsent(store, s.id());
                if (other != null && other != s.id()) {
                    throw new EosException("State store '" + store + "' is used in two sub-topologies (" + other
                            + " and " + s.id() + "), which run as different tasks. Fix: use it only on one side of "
                            + "a repartition.");
                }
            }
        }
    }
}
