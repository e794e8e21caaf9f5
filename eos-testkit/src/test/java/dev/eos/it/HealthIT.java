package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.Health;
import dev.eos.RestoreProgress;
import dev.eos.StateListener;
import dev.eos.UncaughtErrorPolicy;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, health: {@link EosApp#health()} on a real broker moves UP, then REBALANCING or
 * RESTORING while a second instance joins and restores its share of a store, then UP again; DOWN
 * while a dead thread is not replaced; DOWN "stuck" while a processor blocks with records waiting,
 * and UP again once it returns.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HealthIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    /** Small producer batches and fetches: restoring this many keys takes seconds, not milliseconds. */
    private static final int KEYS = 20_000;
    private static final int BATCH_BYTES = 256;

    @TempDir
    Path tempDir;

    @Test
    void shouldGoFromUpToRebalancingAndRestoringAndBackToUpWhenASecondInstanceJoins() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("health-join-in");
        String out = KAFKA.uniqueTopic("health-join-out");
        String appId = KAFKA.uniqueTopic("health-join-app");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            input.add(KafkaIo.record(in, CountOutput.key(i), "v"));
        }
        Backlog.produce(kafka, input);
        List<Health> seenByA = new CopyOnWriteArrayList<>();
        List<Health> seenByBWhileRestoring = new CopyOnWriteArrayList<>();

        try (EosApp a = EosApp.create(Counting.pipeline(in, out, key -> { }),
                Counting.config(kafka, appId, "a", tempDir.resolve("a"))
                        .set("producer.batch.size", BATCH_BYTES).build());
             EosApp b = EosApp.create(Counting.pipeline(in, out, key -> { }),
                     Counting.config(kafka, appId, "b", tempDir.resolve("b"))
                             .set("consumer.max.partition.fetch.bytes", BATCH_BYTES)
                             .set("consumer.fetch.max.bytes", BATCH_BYTES).build())) {
            Apps.startAndAwaitRunning(a);
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a);
            awaitStatus(a, Health.Status.UP);
            a.setStateListener((now, before) -> seenByA.add(a.health()));
            b.setStateListener(new StateListener() {
                @Override
                public void onChange(AppState now, AppState before) {
                }

                @Override
                public void onRestore(RestoreProgress progress) {
                    if (!progress.done()) {
                        seenByBWhileRestoring.add(b.health());
                    }
                }
            });

            b.start();

            awaitStatus(b, Health.Status.UP);
            awaitStatus(a, Health.Status.UP);
            assertThat(seenByA).as("A's health at its state changes while B joined")
                    .anySatisfy(h -> assertThat(h.status()).isEqualTo(Health.Status.REBALANCING));
            assertThat(seenByBWhileRestoring).as("B's health while it restored its share of the store")
                    .isNotEmpty()
                    .allSatisfy(h -> {
                        assertThat(h.status()).isEqualTo(Health.Status.RESTORING);
                        assertThat(h.isLive()).isTrue();
                        assertThat(h.isReady()).isFalse();
                        assertThat(h.reasons()).singleElement().asString()
                                .contains("is restoring", Counting.STORE + " partition ", "records (");
                    });
            System.out.printf("HealthIT: A's health at state changes: %s; B while restoring, first: %s%n",
                    seenByA.stream().map(Health::status).toList(), seenByBWhileRestoring.get(0));
        }
    }

    @Test
    void shouldBeDownWhileADeadThreadIsNotReplacedAndUpOnceItIs() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("health-death-in");
        String out = KAFKA.uniqueTopic("health-death-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        AtomicBoolean thrown = new AtomicBoolean();
        CountDownLatch replace = new CountDownLatch(1);
        Pipeline pipeline = pipeline(in, out, value -> {
            if (value.equals("poison") && thrown.compareAndSet(false, true)) {
                throw new IllegalStateException("poison pill");
            }
        });

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("health-death-app"))
                .set(EosConfig.NUM_THREADS, 2).build())) {
            app.setUncaughtErrorHandler(error -> {
                await(replace);
                return UncaughtErrorPolicy.REPLACE_THREAD;
            });
            Apps.startAndAwaitRunning(app);
            awaitStatus(app, Health.Status.UP);

            KafkaIo.produce(kafka, List.of(KafkaIo.record(in, "k", "poison")));

            Health down = awaitStatus(app, Health.Status.DOWN);
            assertThat(down.isLive()).isFalse();
            assertThat(down.reasons()).anySatisfy(r -> assertThat(r).contains("died and was not replaced",
                    "poison pill"));
            replace.countDown();
            awaitStatus(app, Health.Status.UP);
            assertThat(app.state()).isEqualTo(AppState.RUNNING);
        } finally {
            replace.countDown();
        }
    }

    @Test
    void shouldBeDownWithTheFatalErrorWhenAThreadDiesUnderTheDefaultHandler() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("health-fatal-in");
        String out = KAFKA.uniqueTopic("health-fatal-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        Pipeline pipeline = pipeline(in, out, value -> {
            if (value.equals("poison")) {
                throw new IllegalStateException("poison pill");
            }
        });

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("health-fatal-app"))
                .build())) {
            Apps.startAndAwaitRunning(app);
            awaitStatus(app, Health.Status.UP);

            KafkaIo.produce(kafka, List.of(KafkaIo.record(in, "k", "poison")));

            Health down = awaitStatus(app, Health.Status.DOWN);
            assertThat(down.reasons()).singleElement().asString().contains("fatal error", "poison pill");
            assertThat(app.state()).isEqualTo(AppState.ERROR);
        }
    }

    @Test
    void shouldBeDownAsStuckWhileAProcessorBlocksWithRecordsWaitingAndUpOnceItReturns() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("health-stuck-in");
        String out = KAFKA.uniqueTopic("health-stuck-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        CountDownLatch unblock = new CountDownLatch(1);
        Pipeline pipeline = pipeline(in, out, value -> {
            if (value.equals("block")) {
                await(unblock);
            }
        });
        long stuckAfterMs = 2_000;

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("health-stuck-app"))
                .set(EosConfig.HEALTH_STUCK_AFTER_MS, stuckAfterMs).build())) {
            Apps.startAndAwaitRunning(app);
            awaitStatus(app, Health.Status.UP);

            KafkaIo.produce(kafka, List.of(KafkaIo.record(in, "k", "block"), KafkaIo.record(in, "k", "next")));

            Health down = awaitStatus(app, Health.Status.DOWN);
            assertThat(down.reasons()).singleElement().asString()
                    .contains("is stuck", "health.stuck.after.ms=" + stuckAfterMs);
            assertThat(app.state()).as("the app state does not see a blocked processor").isEqualTo(AppState.RUNNING);
            unblock.countDown();
            awaitStatus(app, Health.Status.UP);
        } finally {
            unblock.countDown();
        }
    }

    private static Pipeline pipeline(String in, String out, Consumer<String> onValue) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .peek((key, value) -> onValue.accept(value))
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static Health awaitStatus(EosApp app, Health.Status wanted) throws InterruptedException {
        List<Health> last = new ArrayList<>(1);
        Await.until("health " + wanted + " (last seen: " + last + ")", TIMEOUT, () -> {
            Health h = app.health();
            last.clear();
            last.add(h);
            return h.status() == wanted;
        });
        return last.get(0);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the latch");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
