package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Utils;

/**
 * A typed writer to one topic of a {@link PipelineTestDriver}'s in-memory cluster, as a
 * non-transactional producer: each record is committed, hence visible to the pipeline, at once.
 *
 * <p>A keyed record goes to partition murmur2(serialized key) mod partitions, as Kafka's
 * default partitioner places it; records with a null key go round robin over the partitions.
 * A record sent without a timestamp gets the driver's wall-clock time.
 *
 * <pre>{@code
 * TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
 * in.send("user-1", "home");
 * in.send("user-2", "cart", 1_700_000_000_000L);
 * driver.runUntilIdle();
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TestInput<K, V> {
    private final InMemoryKafka kafka;
    private final String topic;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Clock clock;
    private int nextUnkeyedPartition;

    TestInput(InMemoryKafka kafka, String topic, Serde<K> keySerde, Serde<V> valueSerde, Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.clock = clock;
    }

    /** The topic this input writes to. */
    public String topic() {
        return topic;
    }

    /** Sends a record stamped with the driver's current wall-clock time. */
    public void send(K key, V value) {
        send(key, value, clock.millis());
    }

    /** Sends a record with the given timestamp, in epoch milliseconds. */
    public void send(K key, V value, long timestampMs) {
        send(key, value, timestampMs, new RecordHeaders());
    }

    /**
     * Sends a record with the given timestamp and headers.
     *
     * @param timestampMs the record's timestamp in epoch milliseconds; not negative
     * @param headers     the record's headers; copied, so later changes do not reach the record
     * @throws IllegalArgumentException if the timestamp is negative
     */
    public void send(K key, V value, long timestampMs, Headers headers) {
        Objects.requireNonNull(headers, "headers");
        if (timestampMs < 0) {
            throw new IllegalArgumentException("A record timestamp must not be negative, got " + timestampMs
                    + " for topic " + topic);
        }
        Headers copy = new RecordHeaders(headers.toArray());
        byte[] keyBytes = keySerde.serializer().serialize(topic, copy, key);
        byte[] valueBytes = valueSerde.serializer().serialize(topic, copy, value);
        kafka.append(new TopicPartition(topic, partitionFor(keyBytes)), keyBytes, valueBytes,
                List.of(copy.toArray()), timestampMs);
    }

    private int partitionFor(byte[] keyBytes) {
        int partitions = kafka.partitionCount(topic);
        if (keyBytes == null) {
            int partition = nextUnkeyedPartition % partitions;
            nextUnkeyedPartition = (nextUnkeyedPartition + 1) % partitions;
            return partition;
        }
        return Utils.toPositive(Utils.murmur2(keyBytes)) % partitions;
    }
}
