package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.driver.DriverExtension;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test driver and its JUnit extension, as a user's project runs them. */
class DriverTest {
    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    @Test
    void statelessPipelineRunsOnTheDriverAcrossACrash() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("shout"), b -> b.topic("in", 2));
        driver.input("in", Serdes.String(), Serdes.String()).send("k", "hello");
        driver.stepOnce();
        driver.crashAndRestart();
        driver.runUntilIdle();

        assertEquals(List.of(KeyValue.of("k", "HELLO")),
                driver.output("out", Serdes.String(), Serdes.String()).readKeyValues());
    }

    /** The driver keeps stores in memory: stateful pipelines need no RocksDB on the driver. */
    @Test
    void statefulPipelineRunsOnTheDriver() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("count"), b -> { });
        TestInput<String, String> words = driver.input("words", Serdes.String(), Serdes.String());
        words.send("a", "a");
        words.send("b", "b");
        words.send("a", "a");
        driver.runUntilIdle();

        assertEquals(Map.of("a", 2L, "b", 1L),
                driver.output("counts", Serdes.String(), Serdes.Long()).finalValuesByKey());
    }

    private static EosConfig config(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("unused:9092").build();
    }
}
