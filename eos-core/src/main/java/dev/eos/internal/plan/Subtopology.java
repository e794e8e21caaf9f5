package dev.eos.internal.plan;

import java.util.List;
import java.util.Set;

/**
 * A connected part of the plan between topics: the nodes a record passes through from a source
 * until it leaves through a sink, plus every node sharing a store with them. A task is one
 * partition number of one sub-topology; records move between sub-topologies only through
 * topics (repartition topics inside the pipeline).
 *
 * @param id           its number, in the order of the plan's first node in it
 * @param nodeNames    its nodes, in plan order
 * @param sourceTopics the topics its sources read (external and repartition topics)
 * @param storeNames   the stores its processors use
 */
public record Subtopology(int id, List<String> nodeNames, Set<String> sourceTopics, Set<String> storeNames) {
    public Subtopology {
        nodeNames = List.copyOf(nodeNames);
        sourceTopics = Set.copyOf(sourceTopics);
        storeNames = Set.copyOf(storeNames);
    }
}
