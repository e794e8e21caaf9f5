package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, model item "live expulsion" on a real broker: a processor that sleeps past
 * {@code max.poll.interval.ms}. Two instances count; once, A's processor sleeps 1.5 times
 * {@code max.poll.interval.ms} in the middle of a transaction that already holds count updates
 * and changelog records. A's consumer leaves the group while its thread still runs; B takes
 * every partition, restores and counts on; A wakes up as a zombie with its stale generation,
 * must commit nothing, and rejoins. Every key's committed counts must be exactly {@code 1..n}:
 * no count lost, none doubled.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowProcessorIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int MAX_POLL_INTERVAL_MS = 3000;
    private static final long SLEEP_MS = MAX_POLL_INTERVAL_MS * 3L / 2;

    @TempDir
    Path tempDir;

    @Test
    void shouldCountEveryInputExactlyOnceWhenAProcessorSleepsPastMaxPollInterval() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("slow-processor-in");
        String out = KAFKA.uniqueTopic("slow-processor-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic("slow-processor-app");
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        OneSleep sleep = new OneSleep();
        List<AppState> statesOfA = new CopyOnWriteArrayList<>();

        try (EosApp a = EosApp.create(Counting.pipeline(in, out, key -> sleep.maybeSleep()),
                config(kafka, appId, "instance-a", tempDir.resolve("a")));
             EosApp b = EosApp.create(Counting.pipeline(in, out, key -> { }),
                     config(kafka, appId, "instance-b", tempDir.resolve("b")))) {
            a.setStateListener((now, before) -> statesOfA.add(now));
            Apps.startAndAwaitRunning(a);
            Apps.startAndAwaitRunning(b);
            send(kafka, in, input, 1L);
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a, b);

            // A sleeps once, at its next record; B counts everything meanwhile.
            sleep.arm();
            send(kafka, in, input, 2L);
            sleep.awaitAsleep();
            // A's only thread sleeps: its state cannot change before it wakes up.
            int statesAtWakeUp = statesOfA.size();
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a, b);
            sleep.awaitAwake();
            Await.until("A rejoined the group after it woke up and runs again with B", TIMEOUT, () -> {
                Counting.failIfDead(a, b);
                List<AppState> since = statesOfA.subList(statesAtWakeUp, statesOfA.size());
                return since.contains(AppState.REBALANCING) && a.state() == AppState.RUNNING
                        && b.state() == AppState.RUNNING;
            });

            send(kafka, in, input, 3L);
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a, b);
            System.out.printf("%s: A committed %d records and recreated its producer %d time(s); B committed %d,"
                    + " restored %d changelog records%n", getClass().getSimpleName(), a.metrics().recordsCommitted(),
                    a.metrics().producersRecreated(), b.metrics().recordsCommitted(),
                    b.metrics().changelogRecordsRestored());
        }

        assertThat(Counting.problems(kafka, out, input)).as("keys whose committed counts are not exactly 1..n")
                .isEmpty();
    }

    private static EosConfig config(EmbeddedKafkaCluster kafka, String appId, String instanceId, Path stateDir) {
        return Counting.config(kafka, appId, instanceId, stateDir)
                .set("consumer.max.poll.interval.ms", MAX_POLL_INTERVAL_MS)
                .build();
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, List<ProducerRecord<byte[], byte[]>> all,
                             long seed) {
        List<ProducerRecord<byte[], byte[]>> phase = CountOutput.randomKeys(in, 3_000, KEYS, seed);
        KafkaIo.produce(kafka, phase);
        all.addAll(phase);
    }

    /**
     * Once armed, sleeps {@value #SLEEP_MS} ms at the 20th record after that (the transaction holds
     * the counts of the 19 before it), once.
     */
    private static final class OneSleep {
        private final CountDownLatch asleep = new CountDownLatch(1);
        private final CountDownLatch awake = new CountDownLatch(1);
        private volatile boolean armed;
        private int seenSinceArmed;

        void arm() {
            armed = true;
        }

        void maybeSleep() {
            if (!armed || asleep.getCount() == 0 || ++seenSinceArmed < 20) {
                return;
            }
            asleep.countDown();
            try {
                Thread.sleep(SLEEP_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                awake.countDown();
            }
        }

        void awaitAsleep() throws InterruptedException {
            assertThat(asleep.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("A's processor fell asleep").isTrue();
        }

        void awaitAwake() throws InterruptedException {
            assertThat(awake.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("A's processor woke up").isTrue();
        }
    }
}
