package dev.eos.testkit.driver;

import dev.eos.dsl.KeyValue;
import dev.eos.processor.Record;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.LoggedRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;

/**
 * A typed read_committed reader of one topic of a {@link PipelineTestDriver}'s in-memory
 * cluster: it sees what a downstream consumer with {@code isolation.level=read_committed} would
 * see, so output of open or aborted transactions never shows.
 *
 * <p>Every read returns the whole committed content of the topic, from offset 0, partition by
 * partition and in offset order within each; reading does not consume. That makes a read after
 * a crash and restart a complete account of what the pipeline committed, duplicates included.
 *
 * <pre>{@code
 * TestOutput<String, String> out = driver.output("page-lengths", Serdes.String(), Serdes.String());
 * driver.runUntilIdle();
 * assertThat(out.readKeyValues()).containsExactly(KeyValue.of("user-1", "HOME"));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class TestOutput<K, V> {
    private final InMemoryKafka kafka;
    private final String topic;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;

    TestOutput(InMemoryKafka kafka, String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        this.kafka = kafka;
        this.topic = topic;
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
    }

    /** The topic this output reads. */
    public String topic() {
        return topic;
    }

    /** Every committed record, with timestamp and headers, in partition then offset order. */
    public List<Record<K, V>> readRecords() {
        List<Record<K, V>> records = new ArrayList<>();
        for (int p = 0; p < kafka.partitionCount(topic); p++) {
            TopicPartition tp = new TopicPartition(topic, p);
            for (LoggedRecord r : kafka.read(tp, 0, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED).records()) {
                Headers headers = new RecordHeaders(r.headers());
                K key = keySerde.deserializer().deserialize(topic, headers, r.key());
                V value = valueSerde.deserializer().deserialize(topic, headers, r.value());
                records.add(new Record<>(key, value, Math.max(0, r.timestamp()), headers));
            }
        }
        return Collections.unmodifiableList(records);
    }

    /** Every committed record's key and value, in partition then offset order. */
    public List<KeyValue<K, V>> readKeyValues() {
        return readRecords().stream().map(r -> KeyValue.of(r.key(), r.value())).toList();
    }

    /**
     * The last committed value of each key, read in partition then offset order; a null value
     * (a tombstone) removes its key, as compaction would. Meaningful when each key lives in one
     * partition, as it does when the pipeline partitions by key.
     */
    public Map<K, V> finalValuesByKey() {
        Map<K, V> last = new LinkedHashMap<>();
        for (Record<K, V> r : readRecords()) {
            if (r.value() == null) {
                last.remove(r.key());
            } else {
                last.put(r.key(), r.value());
            }
        }
        return Collections.unmodifiableMap(last);
    }
}
