package dev.eos.jdbc.it;

import dev.eos.jdbc.Postgres;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Condition polling for the ITs: waits until something is true, never sleeps and hopes. */
final class Waits {
    private Waits() {
    }

    /**
     * Returns once {@code condition} is true; fails after {@code timeout}. An exception counts as
     * "not yet"; an {@link AssertionError} fails at once.
     */
    static void until(String what, Duration timeout, Callable<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.call()) {
                    return;
                }
            } catch (AssertionError e) {
                throw e;
            } catch (Exception e) {
                last = e;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("Timed out after " + timeout + " waiting until " + what, last);
    }

    /**
     * Waits until the pipeline finished the input: in exactly-once mode the offsets table, else
     * the group's Kafka offsets, hold the end offset of every partition.
     */
    static void allConsumed(EmbeddedKafkaCluster kafka, String group, String topic, String mode, String table,
                            Duration timeout, Runnable check) throws InterruptedException {
        Map<Integer, Long> ends = kafka.endOffsets(topic);
        long total = ends.values().stream().mapToLong(Long::longValue).sum();
        if (mode.equals("exactly-once")) {
            until("the offsets table holds the end offsets " + ends, timeout, () -> {
                check.run();
                return Postgres.count("SELECT COALESCE(SUM(next_offset), 0) FROM " + table + "_offsets") == total;
            });
            return;
        }
        try (Admin admin = kafka.admin()) {
            until("group " + group + " committed the end offsets " + ends, timeout, () -> {
                check.run();
                Map<TopicPartition, OffsetAndMetadata> committed =
                        admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                return ends.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata o = committed.get(new TopicPartition(topic, e.getKey()));
                    return o != null && o.offset() == e.getValue();
                });
            });
        }
    }
}
