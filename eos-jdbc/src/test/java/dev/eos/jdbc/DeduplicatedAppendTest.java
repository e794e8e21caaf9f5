package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.sink.Deduplicator;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A table that cannot take upserts (an append-only log) behind the {@link Deduplicator}, on the
 * deterministic driver: events sent twice upstream reach the table once, until their id's ttl of
 * stream time has passed.
 */
class DeduplicatedAppendTest {
    private static final String URL = "jdbc:h2:mem:dedup-append;DB_CLOSE_DELAY=-1";

    @Test
    void eventsSentTwiceUpstreamShouldBeAppendedOnceWithinTheTtl() throws Exception {
        execute("CREATE TABLE payments_log (event_id VARCHAR(64) NOT NULL, account VARCHAR(64) NOT NULL)");
        // tag::dedup[]
        JdbcSinkSettings<String, String> appendOnly = JdbcSinkSettings
                .<String, String>forTable("payments_log", r -> List.of(r.value(), r.key()), "event_id", "account")
                .withUrl(URL, "sa", "")
                .withStatement("INSERT INTO payments_log (event_id, account) VALUES (?, ?)");
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> payments = builder.stream("payments", Consumed.with(Serdes.String(), Serdes.String()));
        Deduplicator.byId("payment-ids", (String account, String eventId) -> eventId, Serdes.String(),
                        Duration.ofMinutes(10))
                .applyTo(builder, payments)
                .sinkTo(JdbcSink.upsert(appendOnly));
        // end::dedup[]
        EosConfig config = EosConfig.builder().applicationId("dedup-append").bootstrapServers("unused:9092").build();

        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config)
                .topic("payments", 1).build()) {
            TestInput<String, String> in = driver.input("payments", Serdes.String(), Serdes.String());
            in.send("acct-1", "pay-1", 1_000);
            in.send("acct-2", "pay-2", 2_000);
            in.send("acct-1", "pay-1", 3_000);           // a producer retry upstream
            in.send("acct-2", "pay-2", 4_000);
            in.send("acct-1", "pay-1", 1_000 + 10 * 60_000); // the ttl has passed: new again
            driver.runUntilIdle();
        }

        assertThat(query("SELECT event_id FROM payments_log ORDER BY event_id"))
                .containsExactly("pay-1", "pay-1", "pay-2");
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> query(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
