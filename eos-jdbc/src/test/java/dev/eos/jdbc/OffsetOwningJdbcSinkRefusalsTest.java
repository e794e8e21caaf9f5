package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.errors.ConfigException;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.testkit.driver.PipelineTestDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, hole 6, with the real exactly-once JDBC sink: the database commits the source offsets
 * before Kafka commits, so dead-letter records (written to Kafka) and punctuator rows (no source
 * offset) cannot be made exactly-once with it, and both combinations are refused.
 */
class OffsetOwningJdbcSinkRefusalsTest {
    private static final String URL = "jdbc:h2:mem:refusals;DB_CLOSE_DELAY=-1";

    private static JdbcSinkSettings<String, String> settings() {
        return JdbcSinkSettings.<String, String>forTable("events", r -> List.of(r.value(), r.key()),
                "event_id", "user_key").withUrl(URL, "sa", "").withConsumerGroup("refusals");
    }

    private static EosConfig.Builder config() {
        return EosConfig.builder().applicationId("refusals").bootstrapServers("never-used:9092");
    }

    @Test
    void create_shouldRefuseADeadLetterHandlerWithTheExactlyOnceJdbcSink() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).sinkTo(JdbcSink.exactlyOnce(settings()));

        for (String key : List.of(EosConfig.DESERIALIZATION_ERROR_HANDLER, EosConfig.PROCESSING_ERROR_HANDLER)) {
            Throwable e = catchThrowable(() -> EosApp.create(builder.build(), config().set(key, "dead_letter").build()));

            assertThat(e).as(key).isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith(key + "=dead_letter cannot be used with the external sink")
                    .hasMessageContaining("Fix: set " + key + " to fail");
        }
    }

    @Test
    void create_shouldAcceptADeadLetterHandlerWithTheUpsertJdbcSink() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .sinkTo(JdbcSink.upsert(settings().withKeyColumns("event_id")));

        EosApp.create(builder.build(), config().set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter").build())
                .close();
    }

    @Test
    void schedule_shouldFailTheTaskOfAPunctuatingProcessorBeforeTheExactlyOnceJdbcSink() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS events (event_id VARCHAR(32) NOT NULL, user_key VARCHAR(32) NOT NULL)");
        }
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, String>() {
                    @Override
                    public void init(ProcessorContext<String, String> context) {
                        context.schedule(Duration.ofSeconds(10), PunctuationType.WALL_CLOCK_TIME,
                                now -> context.forward(new Record<>("tick", "tick-" + now, now)));
                    }

                    @Override
                    public void process(Record<String, String> record) {
                    }
                })
                .sinkTo(JdbcSink.exactlyOnce(settings()));

        Throwable e;
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config().build())
                .topic("in", 1).build()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("u1", "e1");
            e = catchThrowable(driver::runUntilIdle);
        }

        assertThat(e).as("the step that creates the task").isNotNull();
        assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                .contains("calls ProcessorContext.schedule(...), but its part of the pipeline writes to the external "
                        + "sink")
                .contains("Fix: punctuate in a separate pipeline"));
    }

    private static List<String> messages(Throwable e) {
        List<String> out = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && out.size() < 10; t = t.getCause()) {
            out.add(String.valueOf(t.getMessage()));
        }
        return out;
    }
}
