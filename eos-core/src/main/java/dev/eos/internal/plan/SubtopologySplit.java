package dev.eos.internal.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits a plan into sub-topologies: the connected components of its nodes, where parent and
 * child are connected and so are processors that use the same store (a task holds the store,
 * so its users must run in that task). Records leave a sub-topology only through a sink.
 */
final class SubtopologySplit {
    private SubtopologySplit() {
    }

    static List<Subtopology> split(List<PlanNode> nodes, Map<String, List<String>> children) {
        Map<String, String> parent = new HashMap<>();
        nodes.forEach(n -> parent.put(n.name(), n.name()));
        children.forEach((from, tos) -> tos.forEach(to -> union(parent, from, to)));
        Map<String, String> storeUser = new HashMap<>();
        for (PlanNode n : nodes) {
            if (n instanceof ProcessorNode p) {
                for (String store : p.storeNames()) {
                    String first = storeUser.putIfAbsent(store, n.name());
                    if (first != null) {
                        union(parent, first, n.name());
                    }
                }
            }
        }
        Map<String, List<String>> members = new LinkedHashMap<>();
        for (PlanNode n : nodes) {
            members.computeIfAbsent(find(parent, n.name()), k -> new ArrayList<>()).add(n.name());
        }
        Map<String, PlanNode> byName = new HashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        List<Subtopology> out = new ArrayList<>();
        for (List<String> names : members.values()) {
            Set<String> topics = new LinkedHashSet<>();
            Set<String> stores = new LinkedHashSet<>();
            for (String name : names) {
                PlanNode n = byName.get(name);
                if (n instanceof SourceNode s) {
                    topics.addAll(s.topics());
                } else if (n instanceof ProcessorNode p) {
                    stores.addAll(p.storeNames());
                }
            }
            out.add(new Subtopology(out.size(), names, topics, stores));
        }
        return List.copyOf(out);
    }

    private static String find(Map<String, String> parent, String x) {
        String root = x;
        while (!parent.get(root).equals(root)) {
            root = parent.get(root);
        }
        parent.put(x, root);
        return root;
    }

    private static void union(Map<String, String> parent, String a, String b) {
        String ra = find(parent, a);
        String rb = find(parent, b);
        if (!ra.equals(rb)) {
            parent.put(rb, ra);
        }
    }
}
