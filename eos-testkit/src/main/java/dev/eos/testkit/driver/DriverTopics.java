package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.StartupChecks;
import dev.eos.internal.topics.TopicLayout;
import dev.eos.testkit.driver.internal.InMemoryAdmin;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/** The topics a driver's cluster starts with, created and checked as {@code EosApp.start()} would. */
final class DriverTopics {

    private DriverTopics() {
    }

    /**
     * Creates {@code topics} (name to partitions), runs {@code EosApp.start()}'s topic check, then
     * creates the repartition topics and changelogs the plan needs, with their partition counts.
     */
    static void create(InMemoryKafka kafka, LogicalPlan plan, EosConfig config, Map<String, Integer> topics) {
        topics.forEach(kafka::createTopic);
        try (InMemoryAdmin admin = new InMemoryAdmin(kafka)) {
            // EosApp.start()'s topic check; its durability checks (replication and the like)
            // say nothing about a cluster without replicas, so they are not run.
            StartupChecks.verifyTopicsExist(admin, plan, config);
        }
        TopicLayout layout = TopicLayout.compute(plan, config.applicationId(), topic -> kafka.topics().contains(topic)
                ? OptionalInt.of(kafka.partitionCount(topic)) : OptionalInt.empty());
        layout.repartitionPartitions().forEach((topic, partitions) -> createIfMissing(kafka, topic, partitions));
        layout.changelogPartitions().forEach((topic, partitions) -> createIfMissing(kafka, topic, partitions));
    }

    /**
     * The topics a driver starts with: those declared, then every topic the pipeline reads or
     * writes by name and the dead-letter topic if a handler uses it, with one partition unless declared.
     */
    static Map<String, Integer> withPipelineTopics(LogicalPlan plan, EosConfig config, Map<String, Integer> declared) {
        Set<String> needed = new LinkedHashSet<>(plan.sourceTopics());
        needed.addAll(plan.sinkTopics());
        if (config.usesDeadLetterTopic()) {
            needed.add(config.deadLetterTopic());
        }
        Map<String, Integer> all = new LinkedHashMap<>(declared);
        needed.forEach(t -> all.putIfAbsent(t, 1));
        return all;
    }

    /**
     * @return {@code topic}
     * @throws IllegalArgumentException naming the topics there are, if {@code topic} is not one of them
     */
    static String require(InMemoryKafka kafka, String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!kafka.topics().contains(topic)) {
            throw new IllegalArgumentException("The driver has no topic '" + topic + "'; it has "
                    + new TreeSet<>(kafka.topics()) + ". Declare it with builder(...).topic(\""
                    + topic + "\", partitions).");
        }
        return topic;
    }

    private static void createIfMissing(InMemoryKafka kafka, String topic, int partitions) {
        if (!kafka.topics().contains(topic)) {
            kafka.createTopic(topic, partitions);
        }
    }
}
