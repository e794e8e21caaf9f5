package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.TimeWindows;
import dev.eos.internal.dsl.ValueAndTimestamp;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.store.Windowed;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.state.internals.ValueAndTimestampSerde;
import org.junit.jupiter.api.Test;

/**
 * DSL stores hold each value with its timestamp, in the bytes of Kafka Streams' timestamped
 * stores; the driver's store snapshots still show users the plain values.
 */
class DslStoreFormatTest {
    private static final Serde<String> S = Serdes.String();

    private static Pipeline countsAndWindowedCounts() {
        PipelineBuilder builder = new PipelineBuilder();
        var grouped = builder.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
        grouped.count(Materialized.as("counts"));
        grouped.windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10))).count(Materialized.as("per-10s"));
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static Serde<Object> storeValues(Pipeline pipeline, String store) {
        return (Serde<Object>) ((LogicalPlan) pipeline).stores().get(store).valueSerde();
    }

    @Test
    void dslStoreValues_shouldHaveTheLayoutOfKafkaStreamsTimestampedStores() {
        Serde<Object> eos = storeValues(countsAndWindowedCounts(), "counts");
        var kafkaStreams = new ValueAndTimestampSerde<>(Serdes.Long()).serializer();

        byte[] bytes = eos.serializer().serialize("t", new ValueAndTimestamp<>(42L, 1_234_567L));

        assertThat(bytes).isEqualTo(kafkaStreams.serialize("t",
                org.apache.kafka.streams.state.ValueAndTimestamp.make(42L, 1_234_567L)));
        assertThat(eos.deserializer().deserialize("t", kafkaStreams.serialize("t",
                org.apache.kafka.streams.state.ValueAndTimestamp.make(7L, 99L))))
                .isEqualTo(new ValueAndTimestamp<>(7L, 99L));
    }

    @Test
    void keyValueStoreAndWindowStore_shouldShowPlainValuesOfDslStores() {
        EosConfig config = EosConfig.builder().applicationId("formats").bootstrapServers("in-memory:0").build();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(countsAndWindowedCounts(), config).build()) {
            TestInput<String, String> in = driver.input("in", S, S);
            in.send("a", "x", 12_000);
            in.send("a", "x", 11_000);
            driver.runUntilIdle();

            Map<String, Long> counts = driver.keyValueStore("counts");
            Map<Windowed<String>, Long> windows = driver.windowStore("per-10s");
            assertThat(counts).containsExactly(Map.entry("a", 2L));
            assertThat(windows).containsExactly(Map.entry(new Windowed<>("a", 10_000, 20_000), 2L));
        }
    }
}
