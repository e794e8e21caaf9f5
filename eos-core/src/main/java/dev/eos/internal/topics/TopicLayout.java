package dev.eos.internal.topics;

import dev.eos.errors.EosException;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.PlanNode;
import dev.eos.internal.plan.RepartitionTopic;
import dev.eos.internal.plan.SinkNode;
import dev.eos.internal.plan.Subtopology;
import dev.eos.store.StoreSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The partition counts a resolved plan runs with, computed before anything starts: of every
 * sub-topology (its number of tasks), of every repartition topic and of every changelog.
 *
 * <ol>
 *   <li>A repartition topic has the count its {@code Repartitioned} asks for; else the count of
 *       the user's topics the sub-topology reading it is joined with (so that an automatic
 *       repartition co-partitions a re-keyed stream with its table); else the count of the
 *       sub-topology writing it.</li>
 *   <li>A sub-topology has as many tasks as its largest source topic has partitions. A stateful
 *       sub-topology needs all its sources co-partitioned (equal counts): each task owns one
 *       partition number of every source and one shard of every store.</li>
 *   <li>A store's changelog has one partition per task of its sub-topology.</li>
 * </ol>
 *
 * @param subtopologyPartitions   sub-topology id to task count
 * @param repartitionPartitions   repartition topic to partition count
 * @param changelogPartitions     changelog topic to partition count
 */
public record TopicLayout(Map<Integer, Integer> subtopologyPartitions, Map<String, Integer> repartitionPartitions,
                          Map<String, Integer> changelogPartitions) {

    /**
     * @param existing the partition count of a topic that exists, else empty
     * @throws EosException if a source is missing, a stateful sub-topology is not co-partitioned,
     *                      or an existing internal topic has another partition count
     */
    public static TopicLayout compute(LogicalPlan plan, String applicationId, Function<String, OptionalInt> existing) {
        Map<String, Integer> repartition = new LinkedHashMap<>();
        Map<Integer, Integer> tasks = new LinkedHashMap<>();
        Calculator calc = new Calculator(plan, existing, repartition, tasks);
        for (RepartitionTopic r : plan.repartitionTopics()) {
            calc.repartitionCount(r, new HashSet<>());
        }
        for (Subtopology s : plan.subtopologies()) {
            calc.taskCount(s, new HashSet<>());
        }
        for (RepartitionTopic r : plan.repartitionTopics()) {
            OptionalInt actual = existing.apply(r.topic());
            int wanted = repartition.get(r.topic());
            if (actual.isPresent() && actual.getAsInt() != wanted) {
                throw new EosException("Repartition topic " + r.topic() + " has " + actual.getAsInt()
                        + " partitions but the pipeline needs " + wanted + ". Fix: stop every instance, delete the "
                        + "topic (it only holds records in flight between sub-topologies; let the app drain it first) "
                        + "or ask for " + actual.getAsInt() + " with Repartitioned.withNumberOfPartitions.");
            }
        }
        Map<String, Integer> changelogs = new LinkedHashMap<>();
        for (Subtopology s : plan.subtopologies()) {
            for (StoreSpec<?, ?> spec : plan.storesOf(s).values()) {
                String topic = spec.changelogTopic(applicationId);
                int wanted = tasks.get(s.id());
                OptionalInt actual = existing.apply(topic);
                if (actual.isPresent() && actual.getAsInt() != wanted) {
                    throw new EosException("Changelog topic " + topic + " has " + actual.getAsInt()
                            + " partitions but the pipeline has " + wanted + " tasks for store '" + spec.name()
                            + "' (partitions of " + new TreeMap<>(calc.countsOf(s)) + "). Fix: the source partition "
                            + "count changed; delete the changelog topic (its state is lost) or restore the source "
                            + "partition count.");
                }
                changelogs.put(topic, wanted);
            }
        }
        return new TopicLayout(Map.copyOf(tasks), Map.copyOf(repartition), Map.copyOf(changelogs));
    }

    /** Every topic whose partition count {@link #compute} asks about, for describing them in one request. */
    public static Set<String> topicsToDescribe(LogicalPlan plan, String applicationId) {
        Set<String> topics = new HashSet<>(plan.consumedTopics());
        plan.stores().values().forEach(spec -> topics.add(spec.changelogTopic(applicationId)));
        return topics;
    }

    private static final class Calculator {
        private final LogicalPlan plan;
        private final Function<String, OptionalInt> existing;
        private final Map<String, Integer> repartition;
        private final Map<Integer, Integer> tasks;
        private final Set<String> repartitionTopics = new HashSet<>();

        Calculator(LogicalPlan plan, Function<String, OptionalInt> existing, Map<String, Integer> repartition,
                   Map<Integer, Integer> tasks) {
            this.plan = plan;
            this.existing = existing;
            this.repartition = repartition;
            this.tasks = tasks;
            plan.repartitionTopics().forEach(r -> repartitionTopics.add(r.topic()));
        }

        int repartitionCount(RepartitionTopic r, Set<String> visiting) {
            Integer known = repartition.get(r.topic());
            if (known != null) {
                return known;
            }
            if (!visiting.add(r.topic())) {
                throw new EosException("Repartition topics form a cycle through " + r.topic()
                        + "; give one of them Repartitioned.withNumberOfPartitions(n).");
            }
            int count;
            if (r.partitions().isPresent()) {
                count = r.partitions().get();
            } else {
                Subtopology reader = plan.subtopologyOf(r.topic());
                Map<String, Integer> external = externalCounts(reader);
                if (!external.isEmpty()) {
                    count = external.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
                } else {
                    count = taskCount(writerOf(r.topic()), visiting);
                }
            }
            repartition.put(r.topic(), count);
            return count;
        }

        int taskCount(Subtopology s, Set<String> visiting) {
            Integer known = tasks.get(s.id());
            if (known != null) {
                return known;
            }
            Map<String, Integer> counts = new TreeMap<>(externalCounts(s));
            for (String topic : s.sourceTopics()) {
                if (repartitionTopics.contains(topic)) {
                    RepartitionTopic r = plan.repartitionTopics().stream()
                            .filter(t -> t.topic().equals(topic)).findFirst().orElseThrow();
                    counts.put(topic, repartitionCount(r, visiting));
                }
            }
            if (!s.storeNames().isEmpty() && Set.copyOf(counts.values()).size() > 1) {
                throw new EosException("The topics read by one stateful part of the pipeline must have the same number "
                        + "of partitions (each task owns one partition number of every such topic and one shard of "
                        + "every store), but they have " + counts + ". Fix: give the topics the same partition count, "
                        + "or repartition one side with Repartitioned.withNumberOfPartitions(n).");
            }
            int count = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
            tasks.put(s.id(), count);
            return count;
        }

        Map<String, Integer> countsOf(Subtopology s) {
            Map<String, Integer> counts = new HashMap<>(externalCounts(s));
            s.sourceTopics().stream().filter(repartition::containsKey).forEach(t -> counts.put(t, repartition.get(t)));
            return counts;
        }

        private Map<String, Integer> externalCounts(Subtopology s) {
            Map<String, Integer> counts = new HashMap<>();
            for (String topic : s.sourceTopics()) {
                if (!repartitionTopics.contains(topic)) {
                    OptionalInt count = existing.apply(topic);
                    if (count.isEmpty()) {
                        throw new dev.eos.errors.MissingTopicException(Set.of(topic), "Source");
                    }
                    counts.put(topic, count.getAsInt());
                }
            }
            return counts;
        }

        private Subtopology writerOf(String topic) {
            for (Subtopology s : plan.subtopologies()) {
                for (String name : s.nodeNames()) {
                    PlanNode n = plan.node(name);
                    if (n instanceof SinkNode sink && topic.equals(sink.topic())) {
                        return s;
                    }
                }
            }
            throw new IllegalStateException("No sink writes repartition topic " + topic);
        }
    }
}
