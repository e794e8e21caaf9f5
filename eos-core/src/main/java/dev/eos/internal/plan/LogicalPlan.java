package dev.eos.internal.plan;

import dev.eos.dsl.Pipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The immutable graph a {@code PipelineBuilder} produces: nodes in creation order and, per node,
 * its children in the order they were attached. The runtime instantiates it once per task.
 *
 * <p>Invariants (checked by {@link PlanGraph#build()}): node names are unique; every child named
 * exists; there is at least one source; sources have no parents and sinks have no children; no
 * topic is read by two sources.
 */
public final class LogicalPlan implements Pipeline {
    private final List<PlanNode> nodes;
    private final Map<String, List<String>> children;
    private final Map<String, PlanNode> byName;

    LogicalPlan(List<PlanNode> nodes, Map<String, List<String>> children) {
        this.nodes = List.copyOf(nodes);
        Map<String, List<String>> copy = new LinkedHashMap<>();
        children.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        this.children = Collections.unmodifiableMap(copy);
        Map<String, PlanNode> index = new LinkedHashMap<>();
        nodes.forEach(n -> index.put(n.name(), n));
        this.byName = Collections.unmodifiableMap(index);
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

    @Override
    public Set<String> sourceTopics() {
        Set<String> topics = new LinkedHashSet<>();
        sources().forEach(s -> topics.addAll(s.topics()));
        return Collections.unmodifiableSet(topics);
    }

    @Override
    public Set<String> sinkTopics() {
        Set<String> topics = new LinkedHashSet<>();
        sinks().forEach(s -> s.fixedTopic().ifPresent(topics::add));
        return Collections.unmodifiableSet(topics);
    }

    @Override
    public String describe() {
        StringBuilder sb = new StringBuilder("Pipeline\n");
        for (PlanNode n : nodes) {
            sb.append("  ").append(n.describeSelf());
            List<String> kids = childrenOf(n.name());
            if (!kids.isEmpty()) {
                sb.append(" --> ").append(String.join(", ", kids));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
