package dev.eos.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.processor.Cancellable;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import dev.eos.store.KeyValueStore;
import dev.eos.store.StateStore;
import dev.eos.store.StoreIterator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** The dedup helper as a sink that cannot upsert uses it: first occurrences pass, ids expire after the ttl. */
class DeduplicatorTest {
    private static final Duration TTL = Duration.ofMillis(1_000);

    private final Deduplicator<String, String, String> byEventId =
            Deduplicator.byId("seen-ids", (key, value) -> value.split(":")[0], Serdes.String(), TTL);

    @Test
    void shouldForwardOnlyTheFirstOccurrenceOfEachId() {
        Harness h = new Harness(byEventId);
        h.process("k1", "e1:a", 100);
        h.process("k2", "e2:b", 110);
        h.process("k1", "e1:a-again", 120);
        h.process("k3", "e3:c", 130);
        h.process("k2", "e2:b-again", 140);

        assertThat(h.forwardedValues()).containsExactly("e1:a", "e2:b", "e3:c");
    }

    @Test
    void shouldLetAnIdPassAgainOnceItsTtlOfStreamTimeHasPassed() {
        Harness h = new Harness(byEventId);
        h.process("k", "e1:first", 0);
        h.process("k", "e1:within-ttl", 999);
        h.process("k", "e1:after-ttl", 1_000);
        h.process("k", "e1:within-new-ttl", 1_500);

        assertThat(h.forwardedValues()).containsExactly("e1:first", "e1:after-ttl");
    }

    @Test
    void shouldPurgeExpiredIdsOnTheStreamTimePunctuator() {
        Harness h = new Harness(byEventId);
        h.process("k", "old:1", 0);
        h.process("k", "young:1", 900);
        assertThat(h.store.map).containsOnlyKeys("old", "young");

        h.punctuateAt(1_200);

        assertThat(h.store.map).containsOnlyKeys("young");
        assertThat(h.schedule.interval).isEqualTo(Duration.ofMillis(250));
        assertThat(h.schedule.type).isEqualTo(PunctuationType.STREAM_TIME);
    }

    @Test
    void shouldPassRecordsWithoutAnIdUnchanged() {
        Deduplicator<String, String, String> byKey =
                Deduplicator.byId("seen-keys", (key, value) -> key, Serdes.String(), TTL);
        Harness h = new Harness(byKey);
        h.process(null, "a", 1);
        h.process(null, "b", 2);

        assertThat(h.forwardedValues()).containsExactly("a", "b");
        assertThat(h.store.map).isEmpty();
    }

    @Test
    void bySourceCoordinatesShouldDropTheSameInputRecordProcessedTwice() {
        Harness h = new Harness(Deduplicator.bySourceCoordinates("seen-inputs", TTL));
        h.at(new RecordMetadata("in", 0, 7)).process("k", "x", 10);
        h.at(new RecordMetadata("in", 1, 7)).process("k", "y", 11);
        h.at(new RecordMetadata("in", 0, 7)).process("k", "x", 12);

        assertThat(h.forwardedValues()).containsExactly("x", "y");
        assertThat(h.store.map).containsOnlyKeys("in-0@7", "in-1@7");
    }

    @Test
    void applyToShouldDeclareTheStoreAndConnectItToTheDedupProcessor() {
        PipelineBuilder builder = new PipelineBuilder();
        byEventId.applyTo(builder, builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())))
                .sinkTo(() -> (records, next) -> { });
        LogicalPlan plan = (LogicalPlan) builder.build();

        assertThat(plan.stores()).containsOnlyKeys("seen-ids");
        assertThat(plan.nodes()).filteredOn(n -> n instanceof ProcessorNode p && p.storeNames().contains("seen-ids"))
                .hasSize(1);
    }

    @Test
    void shouldRejectATtlBelowOneMillisecond() {
        assertThatThrownBy(() -> Deduplicator.<String, String, String>byId("s", (k, v) -> k, Serdes.String(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ttl must be at least 1 ms, was PT0S");
        assertThatThrownBy(() -> byEventId.withPurgeInterval(Duration.ofMillis(-5)))
                .hasMessageContaining("purgeInterval");
    }

    /** Runs the dedup processor like a task: stream time advances before each record. */
    private static final class Harness implements ProcessorContext<String, String> {
        final MapStore store = new MapStore();
        final List<Record<String, String>> forwarded = new ArrayList<>();
        final Processor<String, String, String, String> processor;
        Schedule schedule;
        RecordMetadata metadata;
        long streamTime = -1;

        Harness(Deduplicator<String, String, ?> dedup) {
            processor = dedup.processor().get();
            store.name = dedup.storeName();
            processor.init(this);
        }

        Harness at(RecordMetadata m) {
            metadata = m;
            return this;
        }

        void process(String key, String value, long timestamp) {
            streamTime = Math.max(streamTime, timestamp);
            processor.process(new Record<>(key, value, timestamp));
        }

        void punctuateAt(long time) {
            streamTime = Math.max(streamTime, time);
            schedule.punctuator.punctuate(time);
        }

        List<String> forwardedValues() {
            return forwarded.stream().map(Record::value).toList();
        }

        @Override
        public <K extends String, V extends String> void forward(Record<K, V> record) {
            forwarded.add(new Record<>(record.key(), record.value(), record.timestamp()));
        }

        @Override
        public <K extends String, V extends String> void forward(Record<K, V> record, String childName) {
            forward(record);
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return Optional.ofNullable(metadata);
        }

        @Override
        public String applicationId() {
            return "dedup-test";
        }

        @Override
        public int taskPartition() {
            return 0;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends StateStore> S getStateStore(String name) {
            if (!name.equals(store.name)) {
                throw new IllegalArgumentException("no store " + name);
            }
            return (S) store;
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
            schedule = new Schedule(interval, type, punctuator);
            return () -> schedule = null;
        }

        @Override
        public long currentStreamTimeMs() {
            return streamTime;
        }
    }

    private record Schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
    }

    /** A key-value store over a sorted map, with inspection. */
    private static final class MapStore implements KeyValueStore<Object, Long> {
        final TreeMap<Object, Long> map = new TreeMap<>();
        String name;

        @Override
        public String name() {
            return name;
        }

        @Override
        public Long get(Object key) {
            return map.get(key);
        }

        @Override
        public void put(Object key, Long value) {
            if (value == null) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }

        @Override
        public Long putIfAbsent(Object key, Long value) {
            return map.putIfAbsent(key, value);
        }

        @Override
        public Long delete(Object key) {
            return map.remove(key);
        }

        @Override
        public StoreIterator<Object, Long> range(Object from, Object to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public <P> StoreIterator<Object, Long> prefixScan(P prefix, Serializer<P> prefixSerializer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public StoreIterator<Object, Long> all() {
            Iterator<KeyValue<Object, Long>> it = new ArrayList<>(map.entrySet()).stream()
                    .map(e -> KeyValue.of(e.getKey(), e.getValue())).iterator();
            return new StoreIterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue<Object, Long> next() {
                    return it.next();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }
    }
}
