package dev.eos.jdbc.it;

import dev.eos.it.ChildPipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.jdbc.Postgres;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PostgreSQL goes away while the pipeline writes: first its connections are cut mid-batch
 * ({@code pg_terminate_backend}) three times, then the server is stopped for longer than the
 * sink's retry timeout and started again. The pipeline waits and resumes on its own; afterwards
 * the table holds every event exactly once (in exactly-once mode the table has no key, so a
 * doubled row would show; in upsert mode the key absorbs the replays).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DatabaseOutageIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("group.min.session.timeout.ms", "1000");

    private static final int PARTITIONS = 3;
    private static final int INPUTS = 6_000;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    /** Shorter than the outage, so writes also give up (RetriableSinkException) and the pipeline reprocesses. */
    private static final long RETRY_TIMEOUT_MS = 2_000;
    private static final long OUTAGE_MS = 5_000;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exactly-once", "upsert"})
    void shouldWaitForTheDatabaseAndResumeWithoutLosingOrDoublingRows(String mode) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("jdbc-outage-in");
        String out = KAFKA.uniqueTopic("jdbc-outage-out");
        String table = JdbcCrashLoopIT.tableName(in);
        String key = mode.equals("upsert") ? " PRIMARY KEY" : "";
        Postgres.execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + table + "_offsets",
                "CREATE TABLE " + table + " (event_id TEXT NOT NULL" + key + ", user_key TEXT NOT NULL)");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        Map<String, String> oracle = Inputs.produce(kafka, in, INPUTS, 31);
        String rows = "SELECT COUNT(*) FROM " + table;

        try (ChildPipeline child = ChildPipeline.start(in + "-" + mode, JdbcPipelineMain.class,
                kafka.bootstrapServers(), in, out, mode, table, "2", String.valueOf(RETRY_TIMEOUT_MS))) {
            child.awaitReady(Duration.ofSeconds(30));
            for (double share : new double[] {0.1, 0.2, 0.3}) {
                long target = (long) (INPUTS * share);
                Waits.until(table + " holds " + target + " rows", PROGRESS_TIMEOUT, () -> {
                    child.assertAlive();
                    return Postgres.count(rows) >= target;
                });
                Postgres.terminateConnections();
            }
            long beforeOutage = Postgres.count(rows);
            try {
                Postgres.stop();
                TimeUnit.MILLISECONDS.sleep(OUTAGE_MS);
                child.assertAlive();
            } finally {
                Postgres.start();
            }
            Waits.until(table + " holds all " + INPUTS + " events", PROGRESS_TIMEOUT, () -> {
                child.assertAlive();
                return Postgres.count(rows) >= INPUTS;
            });
            Waits.allConsumed(kafka, JdbcPipelineMain.applicationId(in), in, mode, table, PROGRESS_TIMEOUT,
                    child::assertAlive);
            child.stop();
            assertThat(beforeOutage).as("rows written before the outage").isLessThan(INPUTS);
        }
        String log = Files.readString(Paths.get("target", "crash-logs", in + "-" + mode + ".log"));
        assertThat(log).as("the child's log").contains("failed on a transient error")
                .contains("RetriableSinkException");

        assertThat(Postgres.query("SELECT event_id FROM " + table + " GROUP BY event_id HAVING COUNT(*) > 1"))
                .as("events written more than once").isEmpty();
        Map<String, String> stored = new TreeMap<>();
        Postgres.query("SELECT event_id, user_key FROM " + table).forEach(r -> stored.put(r.get(0), r.get(1)));
        assertThat(stored).isEqualTo(oracle);
    }
}
