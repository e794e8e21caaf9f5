package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.StartupChecks;
import dev.eos.internal.topics.TopicLayout;
import dev.eos.testkit.driver.internal.InMemoryAdmin;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.util.Map;
import java.util.OptionalInt;

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

    private static void createIfMissing(InMemoryKafka kafka, String topic, int partitions) {
        if (!kafka.topics().contains(topic)) {
            kafka.createTopic(topic, partitions);
        }
    }
}
