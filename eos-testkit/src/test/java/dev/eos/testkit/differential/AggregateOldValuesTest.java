package dev.eos.testkit.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.dsl.PipelineBuilder;
import dev.eos.testkit.driver.DifferentialCheck;
import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import dev.eos.testkit.driver.DifferentialCheck.OutputRecord;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/**
 * A Kafka Streams behaviour Eos matches, easy to lose when changing Table.filter: an
 * aggregation's first update of a key carries the initializer's value as its old value
 * ({@code KStreamAggregate} forwards {@code Change(newAgg, initializer())}); {@code reduce} has no
 * initializer and carries none. So a Table.filter after {@code aggregate} (or {@code count})
 * whose predicate matches the initial value sends a tombstone for the key's first update if that
 * update does not match, although no matching value was ever emitted for the key; after
 * {@code reduce} it does not.
 */
class AggregateOldValuesTest {
    private static final Functions.Predicate EVEN_LENGTH = Functions.PREDICATES.get(1);
    private static final List<InputRecord<String, String>> X_Y_Z = List.of(
            InputGenerator.STREAM.record("a", "x", 1_000L),
            InputGenerator.STREAM.record("a", "y", 2_000L),
            InputGenerator.STREAM.record("a", "z", 3_000L));

    private static Trial filtered(Step.Aggregation aggregation) {
        return new Trial(0, new RandomPipeline(false, List.of(
                new Step.Aggregate(Step.Grouping.BY_KEY, null, aggregation), new Step.TableFilter(EVEN_LENGTH))), X_Y_Z);
    }

    @Test
    void tableFilterAfterAggregate_shouldSendATombstoneForAFirstUpdateWhenTheInitialValueMatched() {
        // "" (the initial value) has an even length, "x" not: Kafka Streams deletes a key it never emitted.
        Trial trial = filtered(new Step.Aggregation(null, Functions.AGGREGATORS.get(0)));

        Trial.Outcome outcome = trial.run();

        assertThat(outcome.result().kafkaStreamsRecords()).containsExactly(
                new OutputRecord<>("a", null, 1_000L),
                new OutputRecord<>("a", "xy", 2_000L),
                new OutputRecord<>("a", null, 3_000L));
        assertThat(outcome.agree()).as(outcome.describe()).isTrue();
    }

    @Test
    void tableFilterAfterReduce_shouldSendNoTombstoneForAFirstUpdate() {
        Trial trial = filtered(new Step.Aggregation(Functions.REDUCERS.get(1), null));

        Trial.Outcome outcome = trial.run();

        assertThat(outcome.result().kafkaStreamsRecords()).containsExactly(
                new OutputRecord<>("a", "xy", 2_000L),
                new OutputRecord<>("a", null, 3_000L));
        assertThat(outcome.agree()).as(outcome.describe()).isTrue();
    }

    @Test
    void tableFilterAfterAWindowedAggregate_shouldSendATombstoneForAWindowsFirstUpdateWhenTheInitialValueMatched() {
        PipelineBuilder eos = new PipelineBuilder();
        eos.stream("in", dev.eos.dsl.Consumed.with(BuildContext.STRINGS, BuildContext.STRINGS))
                .groupByKey(dev.eos.dsl.Grouped.with(BuildContext.STRINGS, BuildContext.STRINGS))
                .windowedBy(dev.eos.dsl.TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
                .aggregate(() -> "", (k, v, agg) -> agg + v, dev.eos.dsl.Materialized.<String, String>as("w")
                        .withKeySerde(BuildContext.STRINGS).withValueSerde(BuildContext.STRINGS))
                .filter((w, v) -> v.length() % 2 == 0)
                .toStream()
                .map((w, v) -> dev.eos.dsl.KeyValue.of(w.key() + "@" + w.startMs(), v))
                .to("out", dev.eos.dsl.Produced.with(BuildContext.STRINGS, BuildContext.STRINGS));
        StreamsBuilder kafkaStreams = new StreamsBuilder();
        kafkaStreams.stream("in", org.apache.kafka.streams.kstream.Consumed.with(BuildContext.STRINGS, BuildContext.STRINGS))
                .groupByKey(org.apache.kafka.streams.kstream.Grouped.with(BuildContext.STRINGS, BuildContext.STRINGS))
                .windowedBy(org.apache.kafka.streams.kstream.TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10)))
                .aggregate(() -> "", (k, v, agg) -> agg + v,
                        org.apache.kafka.streams.kstream.Materialized.with(BuildContext.STRINGS, BuildContext.STRINGS))
                .filter((w, v) -> v.length() % 2 == 0)
                .toStream()
                .map((w, v) -> org.apache.kafka.streams.KeyValue.pair(w.key() + "@" + w.window().start(), v))
                .to("out", org.apache.kafka.streams.kstream.Produced.with(BuildContext.STRINGS, BuildContext.STRINGS));

        DifferentialCheck.Result<String, String> result = DifferentialCheck.of(eos.build(), kafkaStreams.build())
                .partitions(1)
                .comparingTimestamps()
                .inputs(InputGenerator.STREAM)
                .output("out", BuildContext.STRINGS, BuildContext.STRINGS)
                .run(X_Y_Z);

        assertThat(result.kafkaStreamsRecords()).containsExactly(
                new OutputRecord<>("a@0", null, 1_000L),
                new OutputRecord<>("a@0", "xy", 2_000L),
                new OutputRecord<>("a@0", null, 3_000L));
        assertThat(result.agree()).as(result.describeDifference()).isTrue();
    }
}
