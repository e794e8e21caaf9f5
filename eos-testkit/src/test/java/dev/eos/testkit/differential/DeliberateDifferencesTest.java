package dev.eos.testkit.differential;

import static dev.eos.testkit.differential.BuildContext.STRINGS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.dsl.PipelineBuilder;
import dev.eos.testkit.driver.DifferentialCheck;
import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import dev.eos.testkit.driver.DifferentialCheck.InputTopic;
import dev.eos.testkit.driver.DifferentialCheck.OutputRecord;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The deliberate differences of {@link DeliberateDifference}, shown on both sides: what Kafka
 * Streams does in the case the random property avoids, and that Eos does what the property
 * compares it with instead.
 */
class DeliberateDifferencesTest {
    private static final InputTopic<String, String> TABLE = InputTopic.of("tbl", STRINGS, STRINGS);

    /** abc does not match, abcd does, x does not: "a" never matched before abcd. */
    private static final List<InputRecord<String, String>> UPDATES = List.of(
            TABLE.record("a", "abc", 1_000L), TABLE.record("a", "abcd", 2_000L), TABLE.record("a", "x", 3_000L));

    private static dev.eos.dsl.Pipeline eosEvenLengthFilter() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.table("tbl", dev.eos.dsl.Consumed.with(STRINGS, STRINGS))
                .filter((k, v) -> v.length() % 2 == 0)
                .toStream()
                .to("out", dev.eos.dsl.Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static Topology kafkaStreamsEvenLengthFilter(boolean materializedSource) {
        StreamsBuilder builder = new StreamsBuilder();
        var consumed = org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS);
        KTable<String, String> table = materializedSource
                ? builder.table("tbl", consumed, org.apache.kafka.streams.kstream.Materialized
                        .<String, String, KeyValueStore<Bytes, byte[]>>as("tbl-store")
                        .withKeySerde(STRINGS).withValueSerde(STRINGS))
                : builder.table("tbl", consumed);
        table.filter((k, v) -> v.length() % 2 == 0)
                .toStream()
                .to("out", org.apache.kafka.streams.kstream.Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static DifferentialCheck.Result<String, String> run(boolean materializedSource) {
        return DifferentialCheck.of(eosEvenLengthFilter(), kafkaStreamsEvenLengthFilter(materializedSource))
                .partitions(1)
                .comparingTimestamps()
                .inputs(TABLE)
                .output("out", STRINGS, STRINGS)
                .run(UPDATES);
    }

    @Test
    void kafkaStreamsTableFilter_shouldSendATombstoneForEveryUnmatchedUpdateOnlyOnAnUnmaterializedSource() {
        assertThat(run(false).kafkaStreamsRecords()).containsExactly(
                new OutputRecord<>("a", null, 1_000L),
                new OutputRecord<>("a", "abcd", 2_000L),
                new OutputRecord<>("a", null, 3_000L));
        assertThat(run(true).kafkaStreamsRecords()).containsExactly(
                new OutputRecord<>("a", "abcd", 2_000L),
                new OutputRecord<>("a", null, 3_000L));
    }

    @Test
    void eosTableFilter_onATableSource_shouldBehaveAsKafkaStreamsWithAMaterializedSource() {

        DifferentialCheck.Result<String, String> result = run(true);

        assertThat(result.agree()).as(result.describeDifference()).isTrue();
    }
}
