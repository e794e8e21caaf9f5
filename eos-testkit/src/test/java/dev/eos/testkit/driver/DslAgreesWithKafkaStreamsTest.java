package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.driver.DifferentialCheck.InputTopic;
import dev.eos.testkit.driver.DifferentialCheck.OutputRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.junit.jupiter.api.Test;

/**
 * Each stateless DSL operator of Eos, run through {@link DifferentialCheck} next to the same
 * operator of Kafka Streams: both must write the same output for the same input.
 */
class DslAgreesWithKafkaStreamsTest {
    private static final Serde<String> STRINGS = Serdes.String();

    /** Several keys, repeated keys and repeated records, so multiset counts and per-key order matter. */
    private static final List<KeyValue<String, String>> INPUT = List.of(
            KeyValue.of("alice", "the quick brown fox"),
            KeyValue.of("bob", "jumps"),
            KeyValue.of("carol", "over the lazy dog"),
            KeyValue.of("alice", "hi"),
            KeyValue.of("dave", "a stitch in time"),
            KeyValue.of("bob", "saves nine"),
            KeyValue.of("erin", "ok"),
            KeyValue.of("alice", "the quick brown fox"),
            KeyValue.of("carol", "x"),
            KeyValue.of("frank", "all that glitters is not gold"),
            KeyValue.of("bob", "jumps"),
            KeyValue.of("dave", "no"));

    /** Eos: source "in" of strings, {@code body} applied, the result written to "out". */
    private static <VO> dev.eos.dsl.Pipeline eos(Serde<VO> outValues,
                                                 Function<EventStream<String, String>, EventStream<String, VO>> body) {
        PipelineBuilder builder = new PipelineBuilder();
        body.apply(builder.stream("in", Consumed.with(STRINGS, STRINGS)))
                .to("out", Produced.with(STRINGS, outValues));
        return builder.build();
    }

    /** Kafka Streams: the same shape as {@link #eos}. */
    private static <VO> Topology kafkaStreams(Serde<VO> outValues,
                                              Function<KStream<String, String>, KStream<String, VO>> body) {
        StreamsBuilder builder = new StreamsBuilder();
        body.apply(builder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS)))
                .to("out", org.apache.kafka.streams.kstream.Produced.with(STRINGS, outValues));
        return builder.build();
    }

    private static <VO> DifferentialCheck.Result<String, VO> run(DifferentialCheck check, Serde<VO> outValues,
                                                                 List<KeyValue<String, String>> input) {
        return check.input("in", STRINGS, STRINGS).output("out", STRINGS, outValues).run(input);
    }

    private static void assertAgree(DifferentialCheck.Result<?, ?> result) {
        assertThat(result.agree()).as(result.describeDifference()).isTrue();
        assertThat(result.eosOutput()).as("a check that compares nothing proves nothing").isNotEmpty();
    }

    @Test
    void filter_shouldKeepTheSameRecordsAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.filter((k, v) -> v.length() > 3)),
                kafkaStreams(STRINGS, s -> s.filter((k, v) -> v.length() > 3)))
                .comparingOrderPerKey();

        DifferentialCheck.Result<String, String> result = run(check, STRINGS, INPUT);

        assertAgree(result);
        assertThat(result.eosOutput()).hasSizeLessThan(INPUT.size());
    }

    @Test
    void filterNot_shouldDropTheSameRecordsAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.filterNot((k, v) -> k.startsWith("a") || v.contains("the"))),
                kafkaStreams(STRINGS, s -> s.filterNot((k, v) -> k.startsWith("a") || v.contains("the"))))
                .comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void map_shouldProduceTheSameKeysAndValuesAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.map((k, v) -> KeyValue.of(v.substring(0, 1), k + ":" + v.length()))),
                kafkaStreams(STRINGS, s -> s.map((k, v) ->
                        org.apache.kafka.streams.KeyValue.pair(v.substring(0, 1), k + ":" + v.length()))));

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void mapValues_shouldProduceTheSameValuesInTheSameOrderPerKeyAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(Serdes.Integer(), s -> s.mapValues(String::length)),
                kafkaStreams(Serdes.Integer(), s -> s.mapValues(String::length)))
                .comparingOrderPerKey();
        DifferentialCheck.Result<String, Integer> result = check
                .input("in", Serdes.String(), Serdes.String())
                .output("out", Serdes.String(), Serdes.Integer())
                .run(List.of(KeyValue.of("alice", "hello"), KeyValue.of("bob", "hi")));
        assertThat(result.agree()).as(result.describeDifference()).isTrue();

        assertThat(result.eosOutput()).containsExactlyInAnyOrder(KeyValue.of("alice", 5), KeyValue.of("bob", 2));
        assertAgree(run(check, Serdes.Integer(), INPUT));
    }

    @Test
    void flatMap_shouldProduceTheSameRecordsAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.flatMap((k, v) -> {
                    List<KeyValue<String, String>> out = new ArrayList<>();
                    for (String word : v.split(" ")) {
                        out.add(KeyValue.of(word, k));
                    }
                    return out;
                })),
                kafkaStreams(STRINGS, s -> s.flatMap((k, v) -> {
                    List<org.apache.kafka.streams.KeyValue<String, String>> out = new ArrayList<>();
                    for (String word : v.split(" ")) {
                        out.add(org.apache.kafka.streams.KeyValue.pair(word, k));
                    }
                    return out;
                })));

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void flatMapValues_shouldProduceTheSameValuesInTheSameOrderPerKeyAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.flatMapValues(v -> Arrays.asList(v.split(" ")))),
                kafkaStreams(STRINGS, s -> s.flatMapValues(v -> Arrays.asList(v.split(" ")))))
                .comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void flatMapValues_toNothing_shouldWriteNothingLikeKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.flatMapValues(v -> Collections.<String>emptyList())),
                kafkaStreams(STRINGS, s -> s.flatMapValues(v -> Collections.<String>emptyList())));

        DifferentialCheck.Result<String, String> result = run(check, STRINGS, INPUT);

        assertThat(result.agree()).as(result.describeDifference()).isTrue();
        assertThat(result.eosOutput()).isEmpty();
    }

    @Test
    void count_shouldEmitTheSameRunningCountsInTheSameOrderPerKeyAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(Serdes.Long(), s -> s.groupByKey(dev.eos.dsl.Grouped.with(STRINGS, STRINGS))
                        .count(dev.eos.dsl.Materialized.as("counts")).toStream()),
                kafkaStreams(Serdes.Long(), s -> s.groupByKey(org.apache.kafka.streams.kstream.Grouped.with(STRINGS, STRINGS))
                        .count().toStream()))
                .comparingOrderPerKey();

        assertAgree(run(check, Serdes.Long(), INPUT));
    }

    @Test
    void reduce_shouldEmitTheSameRunningValuesAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.groupByKey(dev.eos.dsl.Grouped.with(STRINGS, STRINGS))
                        .reduce((a, b) -> a + "|" + b, dev.eos.dsl.Materialized.as("joined")).toStream()),
                kafkaStreams(STRINGS, s -> s.groupByKey(org.apache.kafka.streams.kstream.Grouped.with(STRINGS, STRINGS))
                        .reduce((a, b) -> a + "|" + b).toStream()))
                .comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void aggregate_shouldEmitTheSameRunningAggregatesAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(Serdes.Integer(), s -> s.groupByKey(dev.eos.dsl.Grouped.with(STRINGS, STRINGS))
                        .aggregate(() -> 0, (k, v, total) -> total + v.length(),
                                dev.eos.dsl.Materialized.<String, Integer>as("lengths")
                                        .withValueSerde(Serdes.Integer())).toStream()),
                kafkaStreams(Serdes.Integer(), s -> s.groupByKey(org.apache.kafka.streams.kstream.Grouped.with(STRINGS, STRINGS))
                        .aggregate(() -> 0, (k, v, total) -> total + v.length(),
                                org.apache.kafka.streams.kstream.Materialized.with(STRINGS, Serdes.Integer()))
                        .toStream()))
                .comparingOrderPerKey();

        assertAgree(run(check, Serdes.Integer(), INPUT));
    }

    @Test
    void selectKey_shouldProduceTheSameRecordsAsKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.selectKey((k, v) -> v.split(" ")[0])),
                kafkaStreams(STRINGS, s -> s.selectKey((k, v) -> v.split(" ")[0])));

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void selectKey_withOnePartition_shouldKeepKafkaStreamsOrderPerNewKey() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.selectKey((k, v) -> v.split(" ")[0])),
                kafkaStreams(STRINGS, s -> s.selectKey((k, v) -> v.split(" ")[0])))
                .partitions(1)
                .comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void peek_shouldSeeAndPassOnTheSameRecordsAsKafkaStreams() {
        List<String> eosSeen = Collections.synchronizedList(new ArrayList<>());
        List<String> kafkaStreamsSeen = Collections.synchronizedList(new ArrayList<>());
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.peek((k, v) -> eosSeen.add(k + "=" + v))),
                kafkaStreams(STRINGS, s -> s.peek((k, v) -> kafkaStreamsSeen.add(k + "=" + v))))
                .comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
        assertThat(eosSeen).containsExactlyInAnyOrderElementsOf(kafkaStreamsSeen).hasSize(INPUT.size());
    }

    @Test
    void split_shouldRouteEachRecordToTheSameBranchAsKafkaStreams() {
        PipelineBuilder eosBuilder = new PipelineBuilder();
        var branches = eosBuilder.stream("in", Consumed.with(STRINGS, STRINGS)).split()
                .branch("short", (k, v) -> v.length() <= 2)
                .branch("bob", (k, v) -> k.equals("bob"))
                .defaultBranch("rest");
        Produced<String, String> eosOut = Produced.with(STRINGS, STRINGS);
        branches.get("short").mapValues(v -> "short:" + v).to("out", eosOut);
        branches.get("bob").mapValues(v -> "bob:" + v).to("out", eosOut);
        branches.get("rest").mapValues(v -> "rest:" + v).to("out", eosOut);

        StreamsBuilder ksBuilder = new StreamsBuilder();
        var ksOut = org.apache.kafka.streams.kstream.Produced.with(STRINGS, STRINGS);
        Function<String, Consumer<KStream<String, String>>> tagged =
                tag -> ks -> ks.mapValues(v -> tag + ":" + v).to("out", ksOut);
        ksBuilder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS)).split()
                .branch((k, v) -> v.length() <= 2, Branched.withConsumer(tagged.apply("short")))
                .branch((k, v) -> k.equals("bob"), Branched.withConsumer(tagged.apply("bob")))
                .defaultBranch(Branched.withConsumer(tagged.apply("rest")));

        DifferentialCheck check = DifferentialCheck.of(eosBuilder.build(), ksBuilder.build()).comparingOrderPerKey();

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void split_withoutDefaultBranch_shouldDropUnmatchedRecordsLikeKafkaStreams() {
        PipelineBuilder eosBuilder = new PipelineBuilder();
        eosBuilder.stream("in", Consumed.with(STRINGS, STRINGS)).split()
                .branch("long", (k, v) -> v.length() > 10)
                .noDefaultBranch()
                .get("long").to("out", Produced.with(STRINGS, STRINGS));

        StreamsBuilder ksBuilder = new StreamsBuilder();
        ksBuilder.stream("in", org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS)).split()
                .branch((k, v) -> v.length() > 10, Branched.withConsumer(
                        ks -> ks.to("out", org.apache.kafka.streams.kstream.Produced.with(STRINGS, STRINGS))))
                .noDefaultBranch();

        assertAgree(run(DifferentialCheck.of(eosBuilder.build(), ksBuilder.build()), STRINGS, INPUT));
    }

    @Test
    void merge_shouldWriteTheRecordsOfBothStreamsLikeKafkaStreams() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.filter((k, v) -> v.length() > 3).mapValues(v -> "long:" + v)
                        .merge(s.filter((k, v) -> k.startsWith("b")).mapValues(v -> "b:" + v))),
                kafkaStreams(STRINGS, s -> s.filter((k, v) -> v.length() > 3).mapValues(v -> "long:" + v)
                        .merge(s.filter((k, v) -> k.startsWith("b")).mapValues(v -> "b:" + v))));

        assertAgree(run(check, STRINGS, INPUT));
    }

    @Test
    void nullKeysAndValues_shouldPassThroughStatelessOperatorsLikeKafkaStreams() {
        List<KeyValue<String, String>> withNulls = List.of(
                KeyValue.of(null, "no key"),
                KeyValue.of("tombstone", null),
                KeyValue.of(null, null),
                KeyValue.of("k", "v"));
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.filter((k, v) -> true).mapValues(v -> v == null ? null : v.toUpperCase())),
                kafkaStreams(STRINGS, s -> s.filter((k, v) -> true).mapValues(v -> v == null ? null : v.toUpperCase())));

        DifferentialCheck.Result<String, String> result = run(check, STRINGS, withNulls);

        assertAgree(result);
        assertThat(result.kafkaStreamsOutput()).hasSize(4);
    }

    @Test
    void run_shouldReportWhatOnlyOneSideWroteWhenTheTopologiesDiffer() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.filter((k, v) -> v.length() > 2)),
                kafkaStreams(STRINGS, s -> s.filter((k, v) -> v.length() > 5)));

        DifferentialCheck.Result<String, String> result = run(check, STRINGS, INPUT);

        assertThat(result.agree()).isFalse();
        assertThat(result.describeDifference())
                .startsWith("Eos and Kafka Streams disagree on topic 'out' (compared as multisets;")
                .contains("only in Eos (2 times): KeyValue[key=bob, value=jumps]")
                .doesNotContain("only in Kafka Streams");
    }

    @Test
    void comparingOrderPerKey_shouldReportValuesOfOneKeyInADifferentOrder() {
        DifferentialCheck check = DifferentialCheck.of(
                eos(STRINGS, s -> s.flatMapValues(v -> List.of("first", "second"))),
                kafkaStreams(STRINGS, s -> s.flatMapValues(v -> List.of("second", "first"))));
        List<KeyValue<String, String>> one = List.of(KeyValue.of("k", "v"));

        assertThat(run(check, STRINGS, one).agree()).as("the same records, as multisets").isTrue();
        DifferentialCheck.Result<String, String> ordered = run(check.comparingOrderPerKey(), STRINGS, one);
        assertThat(ordered.agree()).isFalse();
        assertThat(ordered.describeDifference())
                .contains("key k, position 0: Eos first, Kafka Streams second; Eos [first, second], Kafka Streams [second, first]");
    }

    /** Eos: orders joined with the customers table, both keyed by customer, written to "enriched". */
    private static dev.eos.dsl.Pipeline eosEnrichment() {
        PipelineBuilder builder = new PipelineBuilder();
        dev.eos.dsl.Table<String, String> customers = builder.table("customers", Consumed.with(STRINGS, STRINGS),
                dev.eos.dsl.Materialized.as("customers"));
        builder.stream("orders", Consumed.with(STRINGS, STRINGS))
                .leftJoin(customers, (order, customer) -> order + " for " + customer)
                .to("enriched", Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    /** Kafka Streams: the same topology as {@link #eosEnrichment()}. */
    private static Topology kafkaStreamsEnrichment() {
        StreamsBuilder builder = new StreamsBuilder();
        KTable<String, String> customers = builder.table("customers",
                org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS));
        builder.stream("orders", org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS))
                .leftJoin(customers, (order, customer) -> order + " for " + customer)
                .to("enriched", org.apache.kafka.streams.kstream.Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    @Test
    void leftJoin_withTimestampedStreamAndTableRecords_shouldWriteWhatKafkaStreamsWritesRecordForRecord() {
        // tag::migration-check[]
        InputTopic<String, String> orders = InputTopic.of("orders", STRINGS, STRINGS);
        InputTopic<String, String> customers = InputTopic.of("customers", STRINGS, STRINGS);
        DifferentialCheck check = DifferentialCheck.of(eosEnrichment(), kafkaStreamsEnrichment())
                .partitions(1)              // every topic at one partition, as in the TopologyTestDriver
                .comparingTimestamps();     // each key's records in order, values and timestamps

        DifferentialCheck.Result<String, String> result = check
                .inputs(orders, customers)
                .output("enriched", STRINGS, STRINGS)
                .run(List.of(
                        orders.record("alice", "book", 1_000L),         // before the customer is known
                        customers.record("alice", "gold", 1_500L),
                        orders.record("alice", "pen", 2_000L),
                        orders.record(null, "walk-in", 2_500L),         // a null key: joined with no customer
                        customers.record("alice", null, 3_000L),        // a tombstone
                        orders.record("alice", "ink", 2_800L)));        // out of order

        assertThat(result.agree()).as(result.describeDifference()).isTrue();
        // end::migration-check[]
        assertThat(result.eosRecords()).containsExactly(
                new OutputRecord<>("alice", "book for null", 1_000L),
                new OutputRecord<>("alice", "pen for gold", 2_000L),
                new OutputRecord<>(null, "walk-in for null", 2_500L),
                new OutputRecord<>("alice", "ink for null", 2_800L));
    }

    @Test
    void comparingTimestamps_shouldNameTheKeyPositionValueAndTimestampWhereTheSidesPart() {
        DifferentialCheck check = DifferentialCheck.of(
                        eos(STRINGS, s -> s.mapValues(v -> v.toUpperCase())),
                        kafkaStreams(STRINGS, s -> s.mapValues(v -> v.toUpperCase())
                                .process(ShiftTimestamp::new)))
                .partitions(1)
                .comparingTimestamps();
        InputTopic<String, String> in = InputTopic.of("in", STRINGS, STRINGS);

        DifferentialCheck.Result<String, String> result = check.inputs(in).output("out", STRINGS, STRINGS)
                .run(List.of(in.record("k", "a", 1_000L), in.record("k", "b", 2_000L)));

        assertThat(result.agree()).isFalse();
        assertThat(result.describeDifference())
                .startsWith("Eos and Kafka Streams disagree on topic 'out' (compared in order per key, with timestamps;")
                .contains("key k, position 0: Eos A@1000, Kafka Streams A@1001; Eos [A@1000, B@2000], "
                        + "Kafka Streams [A@1001, B@2001]");
        assertThat(result.kafkaStreamsRecords()).extracting(OutputRecord::timestampMs).containsExactly(1_001L, 2_001L);
        assertThat(check.comparingOrderPerKey().inputs(in).output("out", STRINGS, STRINGS)
                .run(List.of(in.record("k", "a", 1_000L))).agree())
                .as("the same values, timestamps not compared").isTrue();
    }

    /** A Kafka Streams processor that forwards each record 1 ms later than it came. */
    private static final class ShiftTimestamp
            implements org.apache.kafka.streams.processor.api.Processor<String, String, String, String> {
        private org.apache.kafka.streams.processor.api.ProcessorContext<String, String> context;

        @Override
        public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(org.apache.kafka.streams.processor.api.Record<String, String> record) {
            context.forward(record.withTimestamp(record.timestamp() + 1));
        }
    }

    @Test
    void inputs_shouldRefuseARecordForATopicThatIsNotAnInputOfTheCheck() {
        InputTopic<String, String> orders = InputTopic.of("orders", STRINGS, STRINGS);
        InputTopic<String, String> other = InputTopic.of("other", STRINGS, STRINGS);
        DifferentialCheck.ReadyForRecords<String, String> ready = DifferentialCheck.of(eosEnrichment(),
                kafkaStreamsEnrichment()).inputs(orders).output("enriched", STRINGS, STRINGS);

        assertThatThrownBy(() -> ready.run(List.of(other.record("k", "v", 1L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not one of the check's inputs [orders]");
        assertThatThrownBy(() -> DifferentialCheck.of(eosEnrichment(), kafkaStreamsEnrichment())
                .inputs(orders, orders))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> DifferentialCheck.of(eosEnrichment(), kafkaStreamsEnrichment())
                .inputs(orders).output("orders", STRINGS, STRINGS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must differ from the input topic");
        assertThatThrownBy(() -> orders.record("k", "v", -1L)).isInstanceOf(IllegalArgumentException.class);
    }
}
