package dev.eos.it;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, model item "UNSTABLE_OFFSET_COMMIT" and hole 2 on a real broker: a zombie transaction
 * holding offsets during a task move. Two instances count. A's producer is wrapped so that one
 * {@code commitTransaction()} blocks after {@code sendOffsetsToTransaction()} succeeded, until the
 * test releases it. A's thread stops polling, exceeds {@code max.poll.interval.ms} and is expelled;
 * B takes every partition while A's transaction, with A's offsets, is still open: a consumer
 * that reads committed offsets for those partitions gets {@code UNSTABLE_OFFSET_COMMIT} and
 * retries until {@code default.api.timeout.ms}. The window is held open for three times B's
 * {@code default.api.timeout.ms} (5 s here, so the test is quick; in production the window can
 * last up to A's {@code transaction.timeout.ms}, which may be far longer than the 60 s default of
 * {@code default.api.timeout.ms}), then A is released (its commit goes through or is refused).
 * Two endings: A runs on and rejoins (a rebalance follows), or A is shut down right after its
 * commit (none follows). B must keep running and process every partition, and every key's
 * committed counts must be exactly {@code 1..n}.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ZombieOffsetsTaskMoveIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int MAX_POLL_INTERVAL_MS = 4000;
    private static final int DEFAULT_API_TIMEOUT_MS = 5000;
    /**
     * How long the zombie window stays open after B was assigned every partition: longer than two
     * of B's offset reads in a row may wait.
     */
    private static final Duration WINDOW_AFTER_MOVE = Duration.ofMillis(3L * DEFAULT_API_TIMEOUT_MS);

    @TempDir
    Path tempDir;

    /** A is released and runs on: it rejoins the group, which rebalances again. */
    @Test
    void shouldKeepCountsExactAndTheNewOwnerRunningWhileAnExpelledInstancesTransactionHoldsOffsets()
            throws Exception {
        runZombieOffsetsWindow("zombie-offsets", false);
    }

    /**
     * A is released and shut down right after its commit went through (its operator gave up on
     * it): no later rebalance comes to B's help, B alone must own and process every partition.
     */
    @Test
    void shouldLeaveTheNewOwnerProcessingEveryPartitionWhenTheExpelledInstanceIsShutDownAfterItsHeldCommit()
            throws Exception {
        runZombieOffsetsWindow("zombie-offsets-gone", true);
    }

    private void runZombieOffsetsWindow(String name, boolean closeAAfterRelease) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic(name + "-in");
        String out = KAFKA.uniqueTopic(name + "-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic(name + "-app");
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        HeldCommit held = new HeldCommit();
        MoveWatch watchB = new MoveWatch();
        // Only A stalls: B keeps the default max.poll.interval.ms (300 s), so it stays in the group
        // while it waits for A's offsets.
        EosConfig configA = config(kafka, appId, "instance-a", tempDir.resolve(name + "-a"))
                .set("consumer.max.poll.interval.ms", MAX_POLL_INTERVAL_MS).build();
        EosConfig configB = config(kafka, appId, "instance-b", tempDir.resolve(name + "-b")).build();
        EosApp a = EosApp.builder(Counting.pipeline(in, out, key -> { }), configA)
                .clientFactory(InterceptingClients.producers(held)).build();
        EosApp b = EosApp.builder(Counting.pipeline(in, out, key -> { }), configB)
                .clientFactory(InterceptingClients.groupConsumers(watchB)).build();
        SoftAssertions softly = new SoftAssertions();
        try (a; b; Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(a);
            send(kafka, in, input, 1L);
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a);
            Apps.startAndAwaitRunning(b);
            Await.until("A and B both run", TIMEOUT, () -> {
                Counting.failIfDead(a, b);
                return a.state() == AppState.RUNNING && b.state() == AppState.RUNNING;
            });

            // A's next commit that carries offsets blocks after sendOffsetsToTransaction().
            held.arm();
            send(kafka, in, input, 2L);
            held.awaitHeld();
            watchB.awaitAssigned(PARTITIONS);
            // The scenario's window, not a wait for a condition: B owns A's partitions while A's
            // offsets stay pending, for longer than B's default.api.timeout.ms.
            TimeUnit.MILLISECONDS.sleep(WINDOW_AFTER_MOVE.toMillis());
            AppState bAtRelease = b.state();
            held.release();
            if (closeAAfterRelease) {
                held.awaitCommitReturned();
                a.close();
            }

            send(kafka, in, input, 3L);
            boolean allConsumed = awaitQuietly(CONSUME_TIMEOUT, () ->
                    isDead(b) || KafkaIo.committedTotal(admin, appId, in) >= input.size())
                    && KafkaIo.committedTotal(admin, appId, in) >= input.size();
            System.out.printf("%s %s: B assigned every partition while A's commit was held; B's offset reads that"
                    + " timed out: %s; B was %s at the release; all input consumed: %s; A is %s, B is %s%n",
                    getClass().getSimpleName(), name, watchB.timeouts, bAtRelease, allConsumed, a.state(), b.state());
            softly.assertThat(b.state()).as("B's state (fatal error %s); B's offset reads that timed out: %s",
                    b.fatalError(), watchB.timeouts).isNotIn(AppState.ERROR, AppState.CLOSED);
            if (!closeAAfterRelease) {
                softly.assertThat(a.state()).as("A's state (fatal error %s)", a.fatalError())
                        .isNotIn(AppState.ERROR, AppState.CLOSED);
            }
            softly.assertThat(allConsumed).as("the group committed all %d inputs within %s (committed offsets %s)",
                    input.size(), CONSUME_TIMEOUT, KafkaIo.committedOffsets(admin, appId)).isTrue();
        } finally {
            held.release();
        }
        softly.assertThat(Counting.problems(kafka, out, input)).as("keys whose committed counts are not exactly 1..n")
                .isEmpty();
        softly.assertAll();
    }

    /** Whether {@code condition} became true within {@code timeout}. */
    private static boolean awaitQuietly(Duration timeout, java.util.concurrent.Callable<Boolean> condition)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.call()) {
                return true;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return false;
    }

    private static boolean isDead(EosApp app) {
        return app.state() == AppState.ERROR || app.state() == AppState.CLOSED;
    }

    private static EosConfig.Builder config(EmbeddedKafkaCluster kafka, String appId, String instanceId,
                                            Path stateDir) {
        return Counting.config(kafka, appId, instanceId, stateDir)
                .set("consumer.default.api.timeout.ms", DEFAULT_API_TIMEOUT_MS)
                // A's transaction outlives the held window: only A's release ends it.
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 40_000);
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, List<ProducerRecord<byte[], byte[]>> all,
                             long seed) {
        List<ProducerRecord<byte[], byte[]>> phase = CountOutput.randomKeys(in, 2_000, KEYS, seed);
        KafkaIo.produce(kafka, phase);
        all.addAll(phase);
    }

    /**
     * Once armed, holds the next {@code commitTransaction()} that follows a successful
     * {@code sendOffsetsToTransaction()} until released; once.
     */
    private static final class HeldCommit implements Intercepted.Interceptor {
        private final CountDownLatch held = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final CountDownLatch returned = new CountDownLatch(1);
        private volatile boolean armed;
        private volatile boolean offsetsSent;

        void arm() {
            armed = true;
        }

        void awaitHeld() throws InterruptedException {
            if (!held.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("A did not commit offsets within " + TIMEOUT);
            }
        }

        void release() {
            release.countDown();
        }

        /** Waits until the held commit returned or threw. */
        void awaitCommitReturned() throws InterruptedException {
            if (!returned.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("A's held commitTransaction() did not return within " + TIMEOUT);
            }
        }

        @Override
        public Object intercept(Method method, Object[] args, Intercepted.Call call) throws Throwable {
            switch (method.getName()) {
                case "sendOffsetsToTransaction" -> {
                    Object result = call.proceed();
                    offsetsSent = true;
                    return result;
                }
                case "commitTransaction" -> {
                    boolean offsetsWereSent = offsetsSent;
                    offsetsSent = false;
                    if (armed && held.getCount() > 0 && offsetsWereSent) {
                        held.countDown();
                        release.await(TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
                        try {
                            return call.proceed();
                        } finally {
                            returned.countDown();
                        }
                    }
                    return call.proceed();
                }
                case "abortTransaction" -> {
                    offsetsSent = false;
                    return call.proceed();
                }
                default -> {
                    return call.proceed();
                }
            }
        }
    }

    /**
     * Watches B's group consumer: the partitions of each assignment, and every {@code position()}
     * or {@code committed()} call that timed out.
     */
    private static final class MoveWatch implements Intercepted.Interceptor {
        final List<String> timeouts = new CopyOnWriteArrayList<>();
        private final Set<TopicPartition> owned = ConcurrentHashMap.newKeySet();

        void awaitAssigned(int partitions) throws InterruptedException {
            Await.until("B was assigned all " + partitions + " partitions", TIMEOUT,
                    () -> owned.size() == partitions);
        }

        @Override
        public Object intercept(Method method, Object[] args, Intercepted.Call call) throws Throwable {
            if (method.getName().equals("subscribe") && args.length == 2
                    && args[1] instanceof ConsumerRebalanceListener listener) {
                args[1] = watched(listener);
            }
            if (method.getName().equals("position") || method.getName().equals("committed")) {
                try {
                    return call.proceed();
                } catch (TimeoutException e) {
                    timeouts.add(method.getName() + ": " + e.getMessage());
                    throw e;
                }
            }
            return call.proceed();
        }

        private ConsumerRebalanceListener watched(ConsumerRebalanceListener listener) {
            return new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    owned.removeAll(partitions);
                    listener.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    owned.addAll(partitions);
                    listener.onPartitionsAssigned(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    owned.removeAll(partitions);
                    listener.onPartitionsLost(partitions);
                }
            };
        }
    }
}
