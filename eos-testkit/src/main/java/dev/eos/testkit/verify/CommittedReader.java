package dev.eos.testkit.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads everything committed in a topic, as a {@code read_committed} consumer sees it: records of
 * open transactions are not returned and aborted records never are.
 *
 * <pre>{@code
 * List<ConsumerRecord<byte[], byte[]>> out = CommittedReader.readAll(cluster.clientConfig(), "output",
 *         n -> n >= 1000, Duration.ofSeconds(60));
 * }</pre>
 */
public final class CommittedReader {
    private CommittedReader() {
    }

    /**
     * Reads from the beginning until {@code done} accepts the number of records read and the
     * consumer has reached the last stable offset of every partition, or until {@code timeout}.
     * <b>On timeout it returns what it read, without saying so</b>; use
     * {@link #readAllOrFail} when a short read must fail the test.
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(Map<String, Object> clientConfig, String topic,
                                                               IntPredicate done, Duration timeout) {
        return read(clientConfig, topic, done, timeout).records;
    }

    /**
     * {@link #readAll}, but a timeout is an error.
     *
     * <pre>{@code
     * List<ConsumerRecord<byte[], byte[]>> out = CommittedReader.readAllOrFail(cluster.clientConfig(), "output",
     *         n -> n >= 1000, Duration.ofSeconds(60));
     * }</pre>
     *
     * @throws IllegalStateException if within {@code timeout} {@code done} did not accept the number
     *     of records read or the consumer did not reach the last stable offset of every partition
     *     (a transaction still open holds it back); the message says which and how many were read
     */
    public static List<ConsumerRecord<byte[], byte[]>> readAllOrFail(Map<String, Object> clientConfig, String topic,
                                                                     IntPredicate done, Duration timeout) {
        Read read = read(clientConfig, topic, done, timeout);
        if (!read.accepted || !read.caughtUp) {
            throw new IllegalStateException("Reading the committed records of " + topic + " timed out after "
                    + timeout + " with " + read.records.size() + " record(s) read: "
                    + (read.accepted ? "" : "the condition on the count was not met; ")
                    + (read.caughtUp ? "" : "the last stable offset of some partition was not reached (is a "
                    + "transaction still open?)"));
        }
        return read.records;
    }

    private record Read(List<ConsumerRecord<byte[], byte[]>> records, boolean accepted, boolean caughtUp) {
    }

    private static Read read(Map<String, Object> clientConfig, String topic, IntPredicate done, Duration timeout) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean accepted = false;
        boolean caughtUp = false;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    out.add(r);
                }
                accepted = done.test(out.size());
                caughtUp = accepted && caughtUp(consumer, partitions);
                if (caughtUp) {
                    break;
                }
            }
            if (accepted && !caughtUp) {
                caughtUp = caughtUp(consumer, partitions);
            }
        }
        return new Read(out, accepted, caughtUp);
    }

    private static boolean caughtUp(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < ends.get(tp)) {
                return false;
            }
        }
        return true;
    }
}
