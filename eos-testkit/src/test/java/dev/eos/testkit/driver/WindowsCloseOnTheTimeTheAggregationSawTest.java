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
import dev.eos.dsl.WindowedSerde;
import dev.eos.store.Windowed;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, case 6: a windowed aggregation closes its windows on the stream time it observed
 * itself, as Kafka Streams does, not on the task's: records that an upstream filter dropped, or
 * table records, never close a window. Eos also keeps that time across restarts (Kafka Streams
 * starts it again from nothing), so a replay closes the same windows as the first run.
 */
class WindowsCloseOnTheTimeTheAggregationSawTest {
    private static final TimeWindows TEN_SECONDS = TimeWindows.ofSizeWithNoGrace(Duration.ofSeconds(10));

    private static EosConfig config() {
        return EosConfig.builder().applicationId("window-time").bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
    }

    /** {@code in -> body -> groupByKey -> windowedBy(10 s, grace 0) -> count("counts") -> out}. */
    private static Pipeline windowedCount(Function<PipelineBuilder, EventStream<String, String>> body) {
        PipelineBuilder builder = new PipelineBuilder();
        body.apply(builder)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TEN_SECONDS)
                .count(Materialized.as("counts"))
                .toStream()
                .to("out", Produced.with(WindowedSerde.of(Serdes.String()), Serdes.Long()));
        return builder.build();
    }

    private static Pipeline filteredWindowedCount() {
        return windowedCount(b -> b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .filterNot((k, v) -> v.contains("a")));
    }

    private static PipelineTestDriver driver(Pipeline pipeline) {
        return PipelineTestDriver.builder(pipeline, config()).topic("in", 1).topic("tbl", 1).topic("out", 1).build();
    }

    private static List<KeyValue<Windowed<String>, Long>> output(PipelineTestDriver driver) {
        return driver.output("out", WindowedSerde.of(Serdes.String()), Serdes.Long()).readKeyValues();
    }

    @Test
    void aRecordTheFilterDropped_shouldNotCloseAWindow() {
        try (PipelineTestDriver driver = driver(filteredWindowedCount())) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("a", "apple", 25_000);
            in.send("a", "x", 5_000);
            in.send("a", "y", 6_000);
            driver.runUntilIdle();

            Windowed<String> first = new Windowed<>("a", 0, 10_000);
            assertThat(output(driver)).containsExactly(KeyValue.of(first, 1L), KeyValue.of(first, 2L));
            assertThat(driver.<String, Long>windowStore("counts")).containsEntry(first, 2L);
        }
    }

    @Test
    void aRecordTheAggregationSaw_shouldCloseTheWindowAndKeepItClosedAfterACrash() {
        try (PipelineTestDriver driver = driver(filteredWindowedCount())) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("a", "x", 5_000);
            in.send("b", "z", 25_000);
            driver.runUntilIdle();
            driver.crashAndRestart();
            in.send("a", "y", 6_000);
            driver.runUntilIdle();

            assertThat(output(driver)).containsExactly(
                    KeyValue.of(new Windowed<>("a", 0, 10_000), 1L),
                    KeyValue.of(new Windowed<>("b", 20_000, 30_000), 1L));
        }
    }

    @Test
    void tableRecords_shouldNotCloseTheWindowsOfAJoinedStream() {
        Pipeline pipeline = windowedCount(b -> {
            Table<String, String> colours = b.table("tbl", Consumed.with(Serdes.String(), Serdes.String()));
            return b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                    .join(colours, (value, colour) -> value + "/" + colour);
        });
        try (PipelineTestDriver driver = driver(pipeline)) {
            TestInput<String, String> table = driver.input("tbl", Serdes.String(), Serdes.String());
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            table.send("a", "red", 1_000);
            table.send("b", "blue", 25_000);
            driver.runUntilIdle();
            in.send("a", "x", 5_000);
            driver.runUntilIdle();

            assertThat(output(driver)).containsExactly(KeyValue.of(new Windowed<>("a", 0, 10_000), 1L));
        }
    }
}
