package dev.eos.internal.runtime;

import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.Subtopology;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Which task a partition belongs to, and which partitions a task needs to run. A task is one
 * partition number of one sub-topology. A stateful task needs that partition number of every
 * topic its sub-topology reads (they are co-partitioned: {@code TopicLayout} checks it), because
 * it holds the one shard of its stores for that number; a stateless task can run with any of
 * them.
 *
 * <pre>{@code
 * TaskTopology topology = new TaskTopology(plan);
 * TaskId id = topology.taskOf(new TopicPartition("orders", 3));   // 0_3
 * boolean runnable = topology.canRun(id, ownedPartitionsOf3);
 * }</pre>
 */
final class TaskTopology {
    private final Map<String, Subtopology> byTopic = new HashMap<>();
    private final Set<Integer> stateful = new HashSet<>();

    TaskTopology(LogicalPlan plan) {
        for (Subtopology s : plan.subtopologies()) {
            s.sourceTopics().forEach(t -> byTopic.put(t, s));
            if (!plan.storesOf(s).isEmpty()) {
                stateful.add(s.id());
            }
        }
    }

    TaskId taskOf(TopicPartition partition) {
        Subtopology s = byTopic.get(partition.topic());
        if (s == null) {
            throw new IllegalStateException("No sub-topology reads topic " + partition.topic());
        }
        return new TaskId(s.id(), partition.partition());
    }

    boolean isStateful(TaskId id) {
        return stateful.contains(id.subtopology());
    }

    /** The partitions a stateful task must own to run; for a stateless task, those of its number in every source. */
    Set<TopicPartition> inputPartitions(TaskId id) {
        Set<TopicPartition> out = new HashSet<>();
        for (Map.Entry<String, Subtopology> e : byTopic.entrySet()) {
            if (e.getValue().id() == id.subtopology()) {
                out.add(new TopicPartition(e.getKey(), id.partition()));
            }
        }
        return out;
    }

    /** Whether a task may run while its thread owns exactly {@code owned} of its partitions. */
    boolean canRun(TaskId id, Set<TopicPartition> owned) {
        if (owned.isEmpty()) {
            return false;
        }
        return !isStateful(id) || owned.containsAll(inputPartitions(id));
    }
}
