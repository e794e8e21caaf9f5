package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.dsl.TimeWindows;
import dev.eos.processor.Record;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, items 1-5 and 7, and the review of its fixes (Table.mapValues maps old values only for a
 * filter below): the minimal reproductions of each DSL difference Eos had from Kafka
 * Streams, run through Eos's {@link PipelineTestDriver} (every topic at one partition) and Kafka
 * Streams 4.3's {@link TopologyTestDriver} (record cache off), with explicit timestamps. Each
 * test asserts Kafka Streams' output as the issue states it, keys, values and timestamps, and
 * that both sides wrote exactly that, so the expectation is checked against Kafka Streams itself.
 *
 * <p>Topics: {@code in} (stream), {@code tbl} (table), {@code out}; all String keys and values,
 * outputs rendered {@code key=value@timestamp}. Each input is processed before the next is sent,
 * on both sides, so records of {@code in} and {@code tbl} interleave in the order given.
 */
class DslSemanticsMatchKafkaStreamsTest {
    private static final Serde<String> S = Serdes.String();
    private static final Grouped<String, String> GROUPED = Grouped.with(S, S);
    private static final org.apache.kafka.streams.kstream.Grouped<String, String> KS_GROUPED =
            org.apache.kafka.streams.kstream.Grouped.with(S, S);

    /** One input record; a null key or value stands for itself. */
    private record In(String topic, String key, String value, long timestamp) {
    }

    private static In in(String key, String value, long timestamp) {
        return new In("in", key, value, timestamp);
    }

    private static In tbl(String key, String value, long timestamp) {
        return new In("tbl", key, value, timestamp);
    }

    // ---------------------------------------------------------------- 1. windowed aggregations and null values

    @Test
    void windowedCount_shouldCountARecordWithANullValue() {
        Pipeline eos = eos(b -> windowedToOut(b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ZERO))
                .count()));
        Topology ks = kafkaStreams(b -> ksWindowedToOut(b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10),
                        Duration.ZERO))
                .count()));

        assertBothWrite(eos, ks, List.of(in("a", null, 1000)), "a@[0,10000)=1@1000");
    }

    @Test
    void windowedReduce_shouldTakeANullFirstValueAsTheAggregateAndPassLaterNullsToTheReducer() {
        Pipeline eos = eos(b -> windowedToOut(b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ZERO))
                .reduce((agg, v) -> v == null ? agg + "!" : agg + v, Materialized.as("last"))));
        Topology ks = kafkaStreams(b -> ksWindowedToOut(b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10),
                        Duration.ZERO))
                .reduce((agg, v) -> v == null ? agg + "!" : agg + v)));

        assertBothWrite(eos, ks, List.of(in("a", null, 1000), in("a", "x", 2000), in("a", null, 3000)),
                "a@[0,10000)=null@1000", "a@[0,10000)=x@2000", "a@[0,10000)=x!@3000");
    }

    @Test
    void windowedAggregate_shouldPassANullValueToTheAggregator() {
        Pipeline eos = eos(b -> windowedToOut(b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ZERO))
                .aggregate(() -> "", (k, v, agg) -> agg + (v == null ? "_" : v),
                        Materialized.<String, String>as("agg").withValueSerde(S))));
        Topology ks = kafkaStreams(b -> ksWindowedToOut(b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10),
                        Duration.ZERO))
                .aggregate(() -> "", (k, v, agg) -> agg + (v == null ? "_" : v),
                        org.apache.kafka.streams.kstream.Materialized.with(S, S))));

        assertBothWrite(eos, ks, List.of(in("a", null, 1000), in("a", "y", 2000)),
                "a@[0,10000)=_@1000", "a@[0,10000)=_y@2000");
    }

    // ---------------------------------------------------------------- 2. stream-table joins and null values

    @Test
    void leftJoin_shouldDropAStreamRecordWithANullValueAndJoinANullKey() {
        Pipeline eos = eos(b -> {
            Table<String, String> table = b.table("tbl", Consumed.with(S, S));
            b.stream("in", Consumed.with(S, S)).leftJoin(table, (v, t) -> v + "/" + t)
                    .to("out", Produced.with(S, S));
        });
        Topology ks = kafkaStreams(b -> {
            KTable<String, String> table = b.table("tbl", ksConsumed());
            b.stream("in", ksConsumed()).leftJoin(table, (v, t) -> v + "/" + t).to("out", ksProduced());
        });

        assertBothWrite(eos, ks,
                List.of(tbl("a", "red", 500), in("a", null, 1000), in(null, "x", 1500), in("a", "blue", 2000)),
                "null=x/null@1500", "a=blue/red@2000");
    }

    @Test
    void join_shouldDropAStreamRecordWithANullValue() {
        Pipeline eos = eos(b -> {
            Table<String, String> table = b.table("tbl", Consumed.with(S, S));
            b.stream("in", Consumed.with(S, S)).join(table, (v, t) -> v + "/" + t).to("out", Produced.with(S, S));
        });
        Topology ks = kafkaStreams(b -> {
            KTable<String, String> table = b.table("tbl", ksConsumed());
            b.stream("in", ksConsumed()).join(table, (v, t) -> v + "/" + t).to("out", ksProduced());
        });

        assertBothWrite(eos, ks, List.of(tbl("a", "red", 500), in("a", null, 1000), in("a", "blue", 2000)),
                "a=blue/red@2000");
    }

    // ---------------------------------------------------------------- 3. Table.filter

    @Test
    void tableFilter_shouldNotSendATombstoneForAKeyThatNeverMatched() {
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .reduce(DslSemanticsMatchKafkaStreamsTest::max, Materialized.as("max"))
                .filter((k, v) -> v.length() % 2 == 0)
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .reduce(DslSemanticsMatchKafkaStreamsTest::max)
                .filter((k, v) -> v.length() % 2 == 0)
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "abc", 1000), in("a", "abcd", 2000), in("a", "x", 3000)),
                "a=abcd@2000", "a=null@3000");
    }

    /**
     * A count's first update has count's initial 0 as its old value, as in Kafka Streams, so an
     * "even counts" filter deletes the key at count 1: 0 matched.
     */
    @Test
    void tableFilter_ofACount_shouldTestTheInitialZeroAsTheOldValueLikeKafkaStreams() {
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED).count()
                .filter((k, n) -> n % 2 == 0).mapValues(String::valueOf)
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED).count()
                .filter((k, n) -> n % 2 == 0).mapValues(n -> String.valueOf(n))
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 1000), in("a", "x", 2000), in("a", "x", 3000)),
                "a=null@1000", "a=2@2000", "a=null@3000");
    }

    @Test
    void tableFilter_afterMapValues_shouldSeeTheMappedOldValues() {
        Pipeline eos = eos(b -> b.table("tbl", Consumed.with(S, S))
                .mapValues(String::length).filter((k, n) -> n > 3).mapValues(String::valueOf)
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.table("tbl", ksConsumed(),
                        org.apache.kafka.streams.kstream.Materialized.as("tbl-store"))
                .mapValues(String::length).filter((k, n) -> n > 3).mapValues(n -> String.valueOf(n))
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(tbl("a", "hello", 1000), tbl("a", "hi", 2000), tbl("a", null, 3000),
                        tbl("b", "no", 4000)),
                "a=5@1000", "a=null@2000");
    }

    // ---------------------------------------------------------------- Table.mapValues and old values

    /**
     * A count's first update has the initial 0 as its old value; Kafka Streams maps old values only
     * for a filter below (sendOldValues), so a mapper dividing by the count never sees the 0.
     */
    @Test
    void tableMapValues_withoutAFilterBelow_shouldNotMapTheOldValueLikeKafkaStreams() {
        AtomicInteger eosCalls = new AtomicInteger();
        AtomicInteger kafkaStreamsCalls = new AtomicInteger();
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED).count()
                .mapValues(n -> {
                    eosCalls.incrementAndGet();
                    return String.valueOf(1000 / n);
                })
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED).count()
                .mapValues(n -> {
                    kafkaStreamsCalls.incrementAndGet();
                    return String.valueOf(1000 / n);
                })
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 1000), in("a", "x", 2000), in("b", "x", 3000)),
                "a=1000@1000", "a=500@2000", "b=1000@3000");
        assertThat(eosCalls).as("mapper calls, Eos vs Kafka Streams").hasValue(kafkaStreamsCalls.get());
    }

    @Test
    void tableMapValues_withAFilterBelow_shouldMapTheOldValueSoTheFilterSendsATombstoneLikeKafkaStreams() {
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED).count()
                .mapValues(n -> n * 10).mapValues(n -> n + 1).filter((k, n) -> n < 25).mapValues(String::valueOf)
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED).count()
                .mapValues(n -> n * 10).mapValues(n -> n + 1).filter((k, n) -> n < 25).mapValues(n -> String.valueOf(n))
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 1000), in("a", "x", 2000), in("a", "x", 3000)),
                "a=11@1000", "a=21@2000", "a=null@3000");
    }

    // ---------------------------------------------------------------- 4. table sources

    @Test
    void tableSource_shouldForwardATombstoneForAKeyItDoesNotHold() {
        Pipeline eos = eos(b -> b.table("tbl", Consumed.with(S, S)).toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.table("tbl", ksConsumed()).toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(tbl("a", null, 1000), tbl(null, "no key", 1500), tbl("b", "x", 2000)),
                "a=null@1000", "b=x@2000");
    }

    @Test
    void tableSource_filtered_shouldDropATombstoneForAKeyItDoesNotHold() {
        Pipeline eos = eos(b -> b.table("tbl", Consumed.with(S, S)).filter((k, v) -> true)
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.table("tbl", ksConsumed(),
                        org.apache.kafka.streams.kstream.Materialized.as("tbl-store"))
                .filter((k, v) -> true).toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(tbl("a", null, 1000), tbl("b", "x", 2000)), "b=x@2000");
    }

    @Test
    void tableSource_shouldForwardEachRecordWithItsOwnTimestampEvenOutOfOrder() {
        Pipeline eos = eos(b -> b.table("tbl", Consumed.with(S, S)).toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.table("tbl", ksConsumed(),
                org.apache.kafka.streams.kstream.Materialized.as("tbl-store")).toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(tbl("a", "new", 2000), tbl("a", "older", 1000)),
                "a=new@2000", "a=older@1000");
    }

    // ---------------------------------------------------------------- 5. aggregations returning null

    @Test
    void aggregate_shouldForwardATombstoneWhenANewKeysAggregateIsNull() {
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .aggregate(() -> "", DslSemanticsMatchKafkaStreamsTest::firstChars,
                        Materialized.<String, String>as("firsts").withValueSerde(S))
                .toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .aggregate(() -> "", DslSemanticsMatchKafkaStreamsTest::firstChars,
                        org.apache.kafka.streams.kstream.Materialized.with(S, S))
                .toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "", 1000), in("a", "xy", 2000), in("a", null, 2500)),
                "a=null@1000", "a=x@2000");
    }

    // ---------------------------------------------------------------- 7. aggregation timestamps

    @Test
    void count_shouldCarryTheLargestTimestampOfTheKeysRecords() {
        Pipeline eos = eos(b -> b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED).count()
                .mapValues(String::valueOf).toStream().to("out", Produced.with(S, S)));
        Topology ks = kafkaStreams(b -> b.stream("in", ksConsumed()).groupByKey(KS_GROUPED).count()
                .mapValues(n -> String.valueOf(n)).toStream().to("out", ksProduced()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 2000), in("a", "x", 1000)), "a=1@2000", "a=2@2000");
    }

    @Test
    void windowedCountOfACount_shouldPutTheSecondUpdateInTheWindowOfTheLargerTimestamp() {
        Pipeline eos = eos(b -> windowedToOut(b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED).count()
                .toStream().groupByKey(Grouped.with(S, Serdes.Long()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1), Duration.ofSeconds(10)))
                .count()));
        Topology ks = kafkaStreams(b -> ksWindowedToOut(b.stream("in", ksConsumed()).groupByKey(KS_GROUPED).count()
                .toStream().groupByKey(org.apache.kafka.streams.kstream.Grouped.with(S, Serdes.Long()))
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeAndGrace(Duration.ofSeconds(1),
                        Duration.ofSeconds(10)))
                .count()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 2000), in("a", "x", 1000)),
                "a@[2000,3000)=1@2000", "a@[2000,3000)=2@2000");
    }

    @Test
    void hoppingWindowedCount_shouldCarryTheLargestTimestampPerWindow() {
        Pipeline eos = eos(b -> windowedToOut(b.stream("in", Consumed.with(S, S)).groupByKey(GROUPED)
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10), Duration.ofSeconds(10))
                        .advanceBy(Duration.ofSeconds(5)))
                .count()));
        Topology ks = kafkaStreams(b -> ksWindowedToOut(b.stream("in", ksConsumed()).groupByKey(KS_GROUPED)
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeAndGrace(Duration.ofSeconds(10),
                        Duration.ofSeconds(10)).advanceBy(Duration.ofSeconds(5)))
                .count()));

        assertBothWrite(eos, ks, List.of(in("a", "x", 8000), in("a", "x", 6000), in("a", "x", 3000)),
                "a@[0,10000)=1@8000", "a@[5000,15000)=1@8000",
                "a@[0,10000)=2@8000", "a@[5000,15000)=2@8000",
                "a@[0,10000)=3@8000");
    }

    // ---------------------------------------------------------------- user functions

    /** The larger string, for reduce. */
    private static String max(String a, String b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The issue's aggregator: null for an empty value, else the aggregate plus the value's first character. */
    private static String firstChars(String key, String value, String aggregate) {
        return value.isEmpty() ? null : aggregate + value.charAt(0);
    }

    // ---------------------------------------------------------------- both sides

    private static Pipeline eos(Consumer<PipelineBuilder> body) {
        PipelineBuilder builder = new PipelineBuilder();
        body.accept(builder);
        return builder.build();
    }

    private static Topology kafkaStreams(Consumer<StreamsBuilder> body) {
        StreamsBuilder builder = new StreamsBuilder();
        body.accept(builder);
        return builder.build();
    }

    /** Writes a windowed table's updates to "out" with keys rendered {@code key@[start,end)}. */
    private static <V> void windowedToOut(Table<dev.eos.store.Windowed<String>, V> table) {
        table.toStream()
                .map((w, v) -> KeyValue.of(w.key() + "@[" + w.startMs() + "," + w.endMs() + ")",
                        v == null ? null : String.valueOf(v)))
                .to("out", Produced.with(S, S));
    }

    /** As {@link #windowedToOut}, for Kafka Streams. */
    private static <V> void ksWindowedToOut(KTable<org.apache.kafka.streams.kstream.Windowed<String>, V> table) {
        KStream<org.apache.kafka.streams.kstream.Windowed<String>, V> updates = table.toStream();
        updates.map((w, v) -> org.apache.kafka.streams.KeyValue.pair(
                        w.key() + "@[" + w.window().start() + "," + w.window().end() + ")",
                        v == null ? null : String.valueOf(v)))
                .to("out", ksProduced());
    }

    private static org.apache.kafka.streams.kstream.Consumed<String, String> ksConsumed() {
        return org.apache.kafka.streams.kstream.Consumed.with(S, S);
    }

    private static org.apache.kafka.streams.kstream.Produced<String, String> ksProduced() {
        return org.apache.kafka.streams.kstream.Produced.with(S, S);
    }

    /** Kafka Streams and Eos both write exactly {@code expected} to "out", in this order. */
    private static void assertBothWrite(Pipeline eos, Topology kafkaStreams, List<In> inputs, String... expected) {
        List<String> fromKafkaStreams = runKafkaStreams(kafkaStreams, inputs);
        List<String> fromEos = runEos(eos, inputs);
        assertThat(fromKafkaStreams).as("Kafka Streams 4.3 (the expectation from issue 11 is checked here)")
                .containsExactly(expected);
        assertThat(fromEos).as("Eos, for input %s", inputs).containsExactly(expected);
    }

    private static List<String> runEos(Pipeline pipeline, List<In> inputs) {
        EosConfig config = EosConfig.builder().applicationId("semantics").bootstrapServers("in-memory:0").build();
        Set<String> topics = new LinkedHashSet<>();
        inputs.forEach(r -> topics.add(r.topic()));
        topics.add("out");
        PipelineTestDriver.Builder builder = PipelineTestDriver.builder(pipeline, config);
        topics.forEach(t -> builder.topic(t, 1));
        try (PipelineTestDriver driver = builder.build()) {
            for (In r : inputs) {
                driver.input(r.topic(), S, S).send(r.key(), r.value(), r.timestamp());
                driver.runUntilIdle();
            }
            List<String> out = new ArrayList<>();
            for (Record<String, String> r : driver.output("out", S, S).readRecords()) {
                out.add(r.key() + "=" + r.value() + "@" + r.timestamp());
            }
            return out;
        }
    }

    private static List<String> runKafkaStreams(Topology topology, List<In> inputs) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "semantics");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", S.deserializer(), S.deserializer());
            for (In r : inputs) {
                TestInputTopic<String, String> topic = driver.createInputTopic(r.topic(), S.serializer(),
                        S.serializer());
                topic.pipeInput(r.key(), r.value(), r.timestamp());
            }
            List<String> records = new ArrayList<>();
            for (TestRecord<String, String> r : out.readRecordsToList()) {
                records.add(r.key() + "=" + r.value() + "@" + r.timestamp());
            }
            return records;
        }
    }
}
