package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.StateListener;
import dev.eos.dsl.Pipeline;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, hole 7: restoration used to run inside the rebalance callback, so a restore longer
 * than {@code max.poll.interval.ms} got the member expelled; its tasks were closed and restored
 * again on the next assignment, forever. Now it runs in the loop, between polls. One instance counts {@value #KEYS} distinct keys (a changelog of as
 * many records, written in small batches). Another starts with nothing local and a
 * {@code max.poll.interval.ms} of {@value #MAX_POLL_INTERVAL_MS} ms, its fetches throttled to
 * about one changelog batch, so that restoring takes several times that. It must finish
 * restoring, reach RUNNING and count new input exactly, within a generous deadline: with a
 * RocksDB store on an empty state.dir, and with an in-memory store (which keeps nothing of a
 * restore that was cut short).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LongRestoreIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(90);
    /** Generous: restoring the whole changelog once takes about 6 s here. */
    private static final Duration RESTORE_DEADLINE = Duration.ofSeconds(40);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200_000;
    /** Records sent after the restore, each for a key counted once before. */
    private static final int MORE = 100;
    private static final int MAX_POLL_INTERVAL_MS = 1000;
    /** Changelog batches of the building instance, and the most the restoring one fetches at once. */
    private static final int BATCH_BYTES = 256;

    @TempDir
    static Path tempDir;
    private static String in;
    private static String out;
    private static String appId;

    @BeforeAll
    static void countDistinctKeysIntoALargeStore() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        in = KAFKA.uniqueTopic("long-restore-in");
        out = KAFKA.uniqueTopic("long-restore-out");
        appId = KAFKA.uniqueTopic("long-restore-app");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            input.add(KafkaIo.record(in, CountOutput.key(i), "v" + i));
        }
        Backlog.produce(kafka, input);
        long started = System.nanoTime();
        EosConfig config = Counting.config(kafka, appId, "builder", tempDir.resolve("builder"))
                .set("producer.batch.size", BATCH_BYTES)
                .set(EosConfig.COMMIT_INTERVAL_MS, 1000)
                .build();
        try (EosApp builder = EosApp.create(Counting.pipeline(in, out, key -> { }), config)) {
            Apps.startAndAwaitRunning(builder);
            Counting.awaitAllConsumed(kafka, appId, in, BUILD_TIMEOUT, builder);
        }
        try (Admin admin = kafka.admin()) {
            long changelogEnd = KafkaIo.highWatermarks(admin, Counting.changelog(appId), PARTITIONS).values().stream()
                    .mapToLong(Long::longValue).sum();
            System.out.printf("LongRestoreIT: counted %d keys in %d ms; changelog end offsets sum to %d%n", KEYS,
                    (System.nanoTime() - started) / 1_000_000, changelogEnd);
        }
    }

    @Test
    void shouldFinishARestoreLongerThanMaxPollIntervalIntoARocksDbStoreAndThenCountExactly() throws Exception {
        restoreThenCount("rocksdb", Counting.pipeline(in, out, key -> { }), 0);
    }

    @Test
    void shouldFinishARestoreLongerThanMaxPollIntervalIntoAnInMemoryStoreAndThenCountExactly() throws Exception {
        restoreThenCount("in-memory", Counting.inMemoryPipeline(in, out), MORE);
    }

    private void restoreThenCount(String name, Pipeline pipeline, int firstKey) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        EosConfig config = Counting.config(kafka, appId, name, tempDir.resolve(name))
                .set("consumer.max.poll.interval.ms", MAX_POLL_INTERVAL_MS)
                // The restore consumer takes these too: about one changelog batch per fetch.
                .set("consumer.max.partition.fetch.bytes", BATCH_BYTES)
                .set("consumer.fetch.max.bytes", BATCH_BYTES)
                .build();
        List<RestoreProgress> restored = new CopyOnWriteArrayList<>();
        List<String> touched = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> more = new ArrayList<>();
        for (int i = firstKey; i < firstKey + MORE; i++) {
            touched.add(CountOutput.key(i));
            more.add(KafkaIo.record(in, CountOutput.key(i), "again"));
        }
        long started = System.nanoTime();
        try (EosApp app = EosApp.create(pipeline, config)) {
            app.setStateListener(new StateListener() {
                @Override
                public void onChange(AppState now, AppState before) {
                }

                @Override
                public void onRestore(RestoreProgress progress) {
                    if (progress.done() && progress.restored() > 0) {
                        restored.add(progress);
                    }
                }
            });
            app.start();
            KafkaIo.produce(kafka, more);
            long deadline = System.nanoTime() + RESTORE_DEADLINE.toNanos();
            boolean counted = false;
            while (!counted && System.nanoTime() < deadline) {
                Counting.failIfDead(app);
                counted = app.state() == AppState.RUNNING && allConsumed(kafka);
                TimeUnit.MILLISECONDS.sleep(100);
            }
            System.out.printf("%s %s: after %d ms the app is %s, new input %s; shard restores completed: %s%n",
                    getClass().getSimpleName(), name, (System.nanoTime() - started) / 1_000_000, app.state(),
                    counted ? "counted" : "not counted", describe(restored));
            assertThat(counted).as("restored, RUNNING and the new input counted within %s; shard restores completed"
                    + " (partition: records in ms): %s", RESTORE_DEADLINE, describe(restored)).isTrue();
            assertThat(restored.stream().mapToLong(RestoreProgress::elapsedMs).sum())
                    .as("time spent restoring, ms").isGreaterThan(MAX_POLL_INTERVAL_MS);
        }
        Map<String, List<Long>> updates = CountOutput.updatesByKey(Counting.readAllCommitted(kafka, out));
        for (String key : touched) {
            assertThat(updates.get(key)).as("committed counts of %s", key).containsExactly(1L, 2L);
        }
    }

    private static boolean allConsumed(EmbeddedKafkaCluster kafka) throws Exception {
        Map<Integer, Long> ends = kafka.endOffsets(in);
        try (Admin admin = kafka.admin()) {
            return KafkaIo.committedTotal(admin, appId, in) >= ends.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String describe(List<RestoreProgress> restores) {
        List<String> parts = new ArrayList<>();
        for (RestoreProgress p : restores) {
            parts.add(p.partition() + ": " + p.restored() + " in " + p.elapsedMs());
        }
        return parts.size() + " " + parts;
    }
}
