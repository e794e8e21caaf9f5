package dev.eos.internal.plan;

import dev.eos.store.StoreSpec;
import dev.eos.errors.EosException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable graph behind a {@code PipelineBuilder}. DSL operators add nodes and edges here;
 * {@link #build()} validates and freezes it into a {@link LogicalPlan}.
 */
public final class PlanGraph {
    private final List<PlanNode> nodes = new ArrayList<>();
    private final Map<String, List<String>> children = new LinkedHashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, String> topicReaders = new HashMap<>();
    private final Map<String, StoreSpec<?, ?>> stores = new LinkedHashMap<>();
    private final List<RepartitionTopic> repartitionTopics = new ArrayList<>();
    private int counter;

    /** Declares a repartition topic written and read by nodes of this graph. */
    public synchronized void addRepartitionTopic(RepartitionTopic topic) {
        if (repartitionTopics.stream().anyMatch(r -> r.topic().equals(topic.topic()))) {
            throw new EosException("Two repartition topics would be named " + topic.topic()
                    + ". Fix: give each Repartitioned/Grouped withName(...) a unique name.");
        }
        repartitionTopics.add(topic);
    }

    /** Declares a store; processors connect to it by name. */
    public synchronized void addStore(StoreSpec<?, ?> spec) {
        StoreSpec<?, ?> other = stores.putIfAbsent(spec.name(), spec);
        if (other != null) {
            throw new EosException("Two state stores are named '" + spec.name()
                    + "'. Fix: give each store (Stores.* or Materialized.as(...)) a unique name.");
        }
    }

    /** A fresh node name like {@code FILTER-0000003}. */
    public String newName(String prefix) {
        return prefix + "-" + String.format("%07d", counter++);
    }

    public synchronized void add(PlanNode node, List<String> parents) {
        if (!names.add(node.name())) {
            throw new EosException("Two nodes of the pipeline are named '" + node.name()
                    + "'. Fix: give each withName(...) a unique name.");
        }
        if (node instanceof SourceNode s) {
            for (String topic : s.topics()) {
                String other = topicReaders.putIfAbsent(topic, s.name());
                if (other != null) {
                    throw new EosException("Topic '" + topic + "' is read by two sources, " + other + " and "
                            + s.name() + ". Fix: call builder.stream(\"" + topic + "\", ...) once and reuse the stream.");
                }
            }
        }
        if (node instanceof ProcessorNode p) {
            for (String store : p.storeNames()) {
                if (!stores.containsKey(store)) {
                    throw new EosException("Processor " + p.name() + " uses state store '" + store
                            + "', which was not declared. Fix: builder.addStateStore(Stores.keyValue(\"" + store
                            + "\", keySerde, valueSerde)) before connecting it. Declared stores: " + stores.keySet());
                }
            }
        }
        for (String parent : parents) {
            if (!names.contains(parent)) {
                throw new IllegalStateException("Unknown parent node " + parent);
            }
            if (node(parent) instanceof SinkNode || node(parent) instanceof ExternalSinkNode) {
                throw new IllegalStateException("A sink cannot have children: " + parent);
            }
            children.computeIfAbsent(parent, k -> new ArrayList<>()).add(node.name());
        }
        nodes.add(node);
    }

    private PlanNode node(String name) {
        for (PlanNode n : nodes) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        return null;
    }

    public synchronized LogicalPlan build() {
        if (nodes.stream().noneMatch(n -> n instanceof SourceNode)) {
            throw new EosException("The pipeline has no source. Fix: start it with builder.stream(topic, Consumed.with(...)).");
        }
        LogicalPlan plan = new LogicalPlan(nodes, children, stores, repartitionTopics);
        plan.checkStoresAreLocal();
        plan.checkOffsetOwningSinksAreAlone();
        return plan;
    }
}
