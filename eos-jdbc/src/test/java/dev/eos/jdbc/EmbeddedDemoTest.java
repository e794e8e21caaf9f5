package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The demo a newcomer runs without a database server: clicks counted per user and upserted into
 * a table of the embedded H2 database, with crashes on the deterministic driver. The table ends
 * equal to the counts, however often a batch was written again.
 */
class EmbeddedDemoTest {

    @Test
    void countsUpsertedIntoTheEmbeddedDatabaseShouldEqualTheCountsAfterCrashes() throws Exception {
        try (Connection c = DriverManager.getConnection(JdbcSinkSettings.EMBEDDED_DEFAULT_URL, "sa", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE clicks_per_user (user_id VARCHAR(64) PRIMARY KEY, clicks BIGINT NOT NULL)");
        }
        // tag::upsert[]
        JdbcSinkSettings<String, Long> settings = JdbcSinkSettings
                .<String, Long>forTable("clicks_per_user", r -> List.of(r.key(), r.value()), "user_id", "clicks")
                .withKeyColumns("user_id");           // no withUrl(...): the embedded H2 database
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"))
                .toStream()
                .sinkTo(JdbcSink.upsert(settings));
        // end::upsert[]
        EosConfig config = EosConfig.builder().applicationId("clicks-demo").bootstrapServers("unused:9092").build();

        Map<String, Long> expected = new TreeMap<>();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config)
                .topic("clicks", 2).build()) {
            TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
            for (int i = 0; i < 300; i++) {
                String user = "user-" + (i % 7);
                in.send(user, "/page/" + i);
                expected.merge(user, 1L, Long::sum);
                if (i % 50 == 25) {
                    driver.stepOnce();
                    driver.crashAndRestart();
                }
            }
            driver.runUntilIdle();
        }

        Map<String, Long> table = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(JdbcSinkSettings.EMBEDDED_DEFAULT_URL, "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, clicks FROM clicks_per_user")) {
            while (rs.next()) {
                table.put(rs.getString(1), rs.getLong(2));
            }
        }
        assertThat(table).isEqualTo(expected);
    }
}
