package dev.eos.jdbc.it;

import dev.eos.it.ChildPipeline;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.jdbc.Postgres;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The JDBC sink in a child JVM killed with SIGKILL several times mid-run, on a real broker and a
 * real PostgreSQL:
 * <ul>
 *   <li>at-least-once with the idempotent upsert: the Kafka output may hold duplicates but
 *       misses nothing, and the table equals the oracle exactly;</li>
 *   <li>exactly-once mode with a plain-insert table (no key, so a duplicate would show): the
 *       table holds every event exactly once and the offsets table holds the end of the
 *       input.</li>
 * </ul>
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class JdbcCrashLoopIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;
    private static final int INPUTS = 6_000;
    private static final int USERS = 97;
    /** Kill the child once this share of the input is in the table, then restart it. */
    private static final double[] KILL_AT = {0.15, 0.35, 0.55, 0.75};

    @Test
    void atLeastOnceUpsert_shouldMissNothingInKafkaAndEqualTheOracleInTheTable() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("jdbc-alos-in");
        String out = KAFKA.uniqueTopic("jdbc-alos-out");
        String table = tableName(in);
        Postgres.execute("DROP TABLE IF EXISTS " + table,
                "CREATE TABLE " + table + " (event_id TEXT PRIMARY KEY, user_key TEXT NOT NULL)");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        Map<String, String> oracle = Inputs.produce(kafka, in, INPUTS, USERS);

        crashLoop(in, out, "upsert", table, () -> Postgres.count("SELECT COUNT(*) FROM " + table));

        Map<String, String> rows = new TreeMap<>();
        Postgres.query("SELECT event_id, user_key FROM " + table).forEach(r -> rows.put(r.get(0), r.get(1)));
        assertThat(rows).as("the upserted table").isEqualTo(oracle);
        List<ConsumerRecord<byte[], byte[]>> output =
                CommittedReader.readAll(kafka.clientConfig(), out, n -> n >= INPUTS, Duration.ofSeconds(30));
        Map<String, Integer> copies = new HashMap<>();
        output.forEach(r -> copies.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum));
        assertThat(copies.keySet()).as("events in the Kafka output").isEqualTo(oracle.keySet());
        System.out.printf("%s: %d events, %d output records (%d duplicates), table rows %d%n",
                getClass().getSimpleName(), INPUTS, output.size(), output.size() - INPUTS, rows.size());
    }

    @Test
    void exactlyOnceMode_shouldHoldEveryEventOnceAndTheConsumedOffsets() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("jdbc-eos-in");
        String table = tableName(in);
        Postgres.execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + table + "_offsets",
                "CREATE TABLE " + table + " (event_id TEXT NOT NULL, user_key TEXT NOT NULL)");
        kafka.createTopic(in, PARTITIONS);
        Map<String, String> oracle = Inputs.produce(kafka, in, INPUTS, USERS);

        crashLoop(in, "-", "exactly-once", table, () -> Postgres.count("SELECT COUNT(*) FROM " + table));

        List<List<String>> doubled = Postgres.query("SELECT event_id, COUNT(*) FROM " + table
                + " GROUP BY event_id HAVING COUNT(*) > 1 LIMIT 10");
        assertThat(doubled).as("events written more than once").isEmpty();
        Map<String, String> rows = new TreeMap<>();
        Postgres.query("SELECT event_id, user_key FROM " + table).forEach(r -> rows.put(r.get(0), r.get(1)));
        assertThat(rows).isEqualTo(oracle);
        Map<String, String> stored = new TreeMap<>();
        Postgres.query("SELECT kafka_partition, next_offset FROM " + table + "_offsets WHERE consumer_group = '"
                + JdbcPipelineMain.applicationId(in) + "'").forEach(r -> stored.put(r.get(0), r.get(1)));
        Map<String, String> ends = new TreeMap<>();
        kafka.endOffsets(in).forEach((p, end) -> ends.put(String.valueOf(p), String.valueOf(end)));
        assertThat(stored).as("next offsets in the offsets table").isEqualTo(ends);
        List<List<String>> epochs = Postgres.query("SELECT MIN(epoch) FROM " + table + "_offsets");
        assertThat(Long.parseLong(epochs.get(0).get(0))).as("claims per partition (one per run at least)")
                .isGreaterThan(KILL_AT.length);
    }

    interface Progress {
        long rows() throws Exception;
    }

    private static void crashLoop(String in, String out, String mode, String table, Progress progress)
            throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        for (int run = 0; run <= KILL_AT.length; run++) {
            try (ChildPipeline child = ChildPipeline.start(in + "-run-" + run, JdbcPipelineMain.class,
                    kafka.bootstrapServers(), in, out, mode, table, "3", "20000")) {
                child.awaitReady(READY_TIMEOUT);
                if (run == KILL_AT.length) {
                    Waits.until(table + " holds all " + INPUTS + " events", PROGRESS_TIMEOUT, () -> {
                        child.assertAlive();
                        return progress.rows() >= INPUTS;
                    });
                    Waits.allConsumed(kafka, JdbcPipelineMain.applicationId(in), in, mode, table, PROGRESS_TIMEOUT,
                            child::assertAlive);
                    child.stop();
                    break;
                }
                long target = (long) (INPUTS * KILL_AT[run]);
                Waits.until(table + " holds at least " + target + " events", PROGRESS_TIMEOUT, () -> {
                    child.assertAlive();
                    return progress.rows() >= target;
                });
                child.kill();
            }
        }
    }

    static String tableName(String topic) {
        return topic.toLowerCase().replaceAll("[^a-z0-9]", "_");
    }

    static List<String> lines(List<List<String>> rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(String.join(",", r)));
        return out;
    }
}
