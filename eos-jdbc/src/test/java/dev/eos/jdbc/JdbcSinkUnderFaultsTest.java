package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.sink.ExternalSinkFactory;
import dev.eos.testkit.driver.FaultSchedule;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The real JDBC sink (on the embedded H2 database) under the driver's seeded crashes, faults,
 * fencing and rebalances: in exactly-once mode a table without a key holds every event exactly
 * once; the upsert under at-least-once ends equal to the oracle.
 */
class JdbcSinkUnderFaultsTest {
    private static final int SEEDS = 25;
    private static final int STEPS = 50;

    @Test
    void exactlyOnceMode_shouldHoldEveryEventExactlyOnceUnderSeededFaults() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            failures.addAll(runSeed(seed, "exactly_once", "", settings -> JdbcSink.exactlyOnce(settings)));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void upsertUnderAtLeastOnce_shouldEndEqualToTheOracleUnderSeededFaults() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            failures.addAll(runSeed(seed, "at_least_once", " PRIMARY KEY",
                    settings -> JdbcSink.upsert(settings.withKeyColumns("event_id"))));
        }
        assertThat(failures).isEmpty();
    }

    private static List<String> runSeed(long seed, String guarantee, String key,
                                        Function<JdbcSinkSettings<String, String>, ExternalSinkFactory<String, String>> sink) {
        String url = "jdbc:h2:mem:faults-" + guarantee + "-" + seed + ";DB_CLOSE_DELAY=-1";
        execute(url, "CREATE TABLE events (event_id VARCHAR(32) NOT NULL" + key + ", user_key VARCHAR(32) NOT NULL)");
        JdbcSinkSettings<String, String> settings = JdbcSinkSettings
                .<String, String>forTable("events", r -> List.of(r.value(), r.key()), "event_id", "user_key")
                .withUrl(url, "sa", "")
                .withConsumerGroup("faults");
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String())).sinkTo(sink.apply(settings));
        EosConfig config = EosConfig.builder().applicationId("faults").bootstrapServers("never-used:9092")
                .set(EosConfig.PROCESSING_GUARANTEE, guarantee)
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, seed % 2 == 0 ? 2 : 1)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .build();
        FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
        Map<String, String> oracle = new TreeMap<>();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config).topic("in", 3).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            schedule.runOn(driver, count -> {
                for (int i = 0; i < count; i++) {
                    String event = "e" + oracle.size();
                    String user = "u" + oracle.size() % 11;
                    oracle.put(event, user);
                    in.send(user, event);
                }
            });
            driver.runUntilIdle();
        } catch (RuntimeException e) {
            return List.of("seed=" + seed + " " + schedule.actions() + ": threw " + e);
        }
        List<List<String>> rows = query(url, "SELECT event_id, user_key FROM events");
        Map<String, String> table = new TreeMap<>();
        rows.forEach(r -> table.put(r.get(0), r.get(1)));
        execute(url, "DROP ALL OBJECTS");
        if (rows.size() != table.size() || !table.equals(oracle)) {
            return List.of("seed=" + seed + " " + schedule.actions() + ": " + rows.size() + " rows, "
                    + table.size() + " distinct, expected " + oracle.size() + (table.equals(oracle) ? "" : " (differs)"));
        }
        return List.of();
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static List<List<String>> query(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<List<String>> out = new ArrayList<>();
            while (rs.next()) {
                out.add(List.of(rs.getString(1), rs.getString(2)));
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
