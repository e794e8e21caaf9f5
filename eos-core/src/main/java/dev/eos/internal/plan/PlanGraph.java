package dev.eos.internal.plan;

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
    private int counter;

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
        for (String parent : parents) {
            if (!names.contains(parent)) {
                throw new IllegalStateException("Unknown parent node " + parent);
            }
            if (node(parent) instanceof SinkNode) {
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
        return new LogicalPlan(nodes, children);
    }
}
