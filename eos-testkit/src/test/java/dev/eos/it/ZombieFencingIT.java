package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Zombies: an instance stalls inside a processor with a transaction open that already holds
 * output. Whoever moves on without it (the group, after {@code max.poll.interval.ms}; the
 * transaction coordinator, after {@code transaction.timeout.ms}), nothing the zombie produced
 * may be committed, nothing may be lost, and the zombie must recover.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZombieFencingIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // Abort timed-out transactions soon after transaction.timeout.ms, not up to 10 s later.
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 2;

    @Test
    void shouldNeverCommitOutputOfAnInstanceThatStalledPastMaxPollInterval() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("zombie-in");
        String out = KAFKA.uniqueTopic("zombie-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic("zombie-app");
        List<UserEvents.Event> firstBatch = UserEvents.generate(2000, 20, 21L);
        Stall stall = new Stall(firstBatch.get(1000));
        // Long enough that A's transaction is still open when it wakes up: only the group
        // generation can fence it, not the transaction timeout.
        EosConfig configA = config(kafka, appId, "instance-a", 3000, 30_000);
        EosConfig configB = config(kafka, appId, "instance-b", 3000, 30_000);

        try (EosApp a = EosApp.create(pipeline(in, out, stall), configA);
             EosApp b = EosApp.create(pipeline(in, out, UnaryOperator.identity()), configB);
             Admin admin = kafka.admin()) {
            List<AppState> statesOfA = new CopyOnWriteArrayList<>();
            a.setStateListener((now, before) -> statesOfA.add(now));
            Apps.startAndAwaitRunning(a);
            KafkaIo.produceEvents(kafka, in, firstBatch);
            stall.awaitStalled();
            stall.awaitFirstOutputUncommitted(kafka, admin, out);

            // A's consumer misses max.poll.interval.ms and leaves; B gets every partition and
            // processes everything, including what A holds in its open transaction.
            b.start();
            Apps.awaitAllConsumed(kafka, b, appId, in);
            assertThat(a.metrics().producersRecreated()).isZero();

            int statesBeforeWakeUp = statesOfA.size();
            stall.wakeUp();
            Await.until("A replaced its fenced producer, rejoined and runs again", TIMEOUT, () -> {
                List<AppState> since = statesOfA.subList(statesBeforeWakeUp, statesOfA.size());
                return a.metrics().producersRecreated() >= 1 && since.contains(AppState.REBALANCING)
                        && since.lastIndexOf(AppState.RUNNING) > since.indexOf(AppState.REBALANCING)
                        && a.state() == AppState.RUNNING;
            });

            // Both instances share the partitions now; more input is still processed exactly once.
            List<UserEvents.Event> secondBatch = UserEvents.generate(1000, 20, 22L).stream()
                    .map(e -> new UserEvents.Event(e.user(), e.seq() + 1_000_000)).toList();
            KafkaIo.produceEvents(kafka, in, secondBatch);
            Apps.awaitAllConsumed(kafka, a, appId, in);
            assertThat(b.state()).isEqualTo(AppState.RUNNING);

            List<UserEvents.Event> all = new ArrayList<>(firstBatch);
            all.addAll(secondBatch);
            assertExactlyOnce(kafka, out, all);
        } finally {
            stall.wakeUp();
        }
    }

    /**
     * A stall longer than {@code transaction.timeout.ms} but shorter than
     * {@code max.poll.interval.ms}: the instance keeps its partitions, but the broker aborts its
     * transaction and bumps the producer epoch. The aborted output must be produced again, once.
     */
    @Test
    void shouldRedoTheWorkOfATransactionTheBrokerAbortedWhileTheInstanceStalled() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("timedout-in");
        String out = KAFKA.uniqueTopic("timedout-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic("timedout-app");
        List<UserEvents.Event> events = UserEvents.generate(2000, 20, 23L);
        Stall stall = new Stall(events.get(1000));
        EosConfig config = config(kafka, appId, "instance-a", 60_000, 6000);

        try (EosApp app = EosApp.create(pipeline(in, out, stall), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            KafkaIo.produceEvents(kafka, in, events);
            stall.awaitStalled();
            stall.awaitFirstOutputUncommitted(kafka, admin, out);
            stall.awaitTransactionEnded(admin, out);

            stall.wakeUp();
            Apps.awaitAllConsumed(kafka, app, appId, in);
            assertThat(app.state()).isEqualTo(AppState.RUNNING);
        } finally {
            stall.wakeUp();
        }
        assertExactlyOnce(kafka, out, events);
    }

    /** Every event gives two outputs, {@code value:1} and {@code value:2}. */
    private static Pipeline pipeline(String in, String out, UnaryOperator<String> hook) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .flatMapValues(value -> List.of(value + ":1", value + ":2"))
                .mapValues(hook::apply)
                .to(out, Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static void assertExactlyOnce(EmbeddedKafkaCluster kafka, String out, List<UserEvents.Event> events) {
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            expected.add(entry(e.user(), e.value() + ":1"));
            expected.add(entry(e.user(), e.value() + ":2"));
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, expected.size()));
        VerificationReport report = ExactlyOnceVerifier.verify(events.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
    }

    private static EosConfig config(EmbeddedKafkaCluster kafka, String appId, String instanceId,
                                     int maxPollIntervalMs, int transactionTimeoutMs) {
        return KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.INSTANCE_ID, instanceId)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, transactionTimeoutMs)
                .set("consumer.max.poll.interval.ms", maxPollIntervalMs)
                .set("consumer.session.timeout.ms", 6000)
                .set("consumer.heartbeat.interval.ms", 1000)
                .build();
    }

    /**
     * Blocks the processing of the second output of one event, once: by then its first output
     * was sent into the open transaction.
     */
    private static final class Stall implements UnaryOperator<String> {
        private final String firstOutput;
        private final String stallOn;
        private final CountDownLatch stalled = new CountDownLatch(1);
        private final CountDownLatch wakeUp = new CountDownLatch(1);
        private TopicPartition firstOutputPartition;
        private long firstOutputOffset;

        Stall(UserEvents.Event event) {
            this.firstOutput = event.value() + ":1";
            this.stallOn = event.value() + ":2";
        }

        @Override
        public String apply(String value) {
            if (value.equals(stallOn) && stalled.getCount() > 0) {
                stalled.countDown();
                try {
                    wakeUp.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return value;
        }

        void awaitStalled() throws InterruptedException {
            assertThat(stalled.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("stalled on " + stallOn).isTrue();
        }

        /** Waits until the stalled event's first output is on the broker, in a transaction still open. */
        void awaitFirstOutputUncommitted(EmbeddedKafkaCluster kafka, Admin admin, String out) throws Exception {
            Await.until(firstOutput + " is written and uncommitted", TIMEOUT, () -> {
                Optional<ConsumerRecord<byte[], byte[]>> written = KafkaIo.findWritten(kafka, out, firstOutput);
                if (written.isEmpty()) {
                    return false;
                }
                firstOutputPartition = new TopicPartition(out, written.get().partition());
                firstOutputOffset = written.get().offset();
                return true;
            });
            assertThat(KafkaIo.lastStableOffsets(admin, out, PARTITIONS).get(firstOutputPartition))
                    .as("last stable offset of %s", firstOutputPartition).isLessThanOrEqualTo(firstOutputOffset);
        }

        /** Waits until the transaction holding the first output is over (the stalled app cannot commit it). */
        void awaitTransactionEnded(Admin admin, String out) throws InterruptedException {
            Await.until("the transaction holding " + firstOutput + " ended", TIMEOUT, () ->
                    KafkaIo.lastStableOffsets(admin, out, PARTITIONS).get(firstOutputPartition) > firstOutputOffset);
        }

        void wakeUp() {
            wakeUp.countDown();
        }
    }
}
