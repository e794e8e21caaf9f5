package dev.eos.it;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * Issue 10, hole 2: a {@code TimeoutException} from an offset lookup while a new owner starts its
 * tasks. A real consumer throws it from {@code position()} or {@code committed()} when the
 * committed offsets stay unstable (another member's transaction holds offsets) or a partition has
 * no leader for longer than {@code default.api.timeout.ms}; here the group consumer of a new
 * instance is wrapped so that chosen lookups after its first assignment throw (the runtime used
 * to make them inside the assignment callback; now it makes them in its loop, between polls). One instance counts and closes; a second
 * one, with an empty state.dir, takes every partition and must restore every task before it
 * counts, process every partition, and keep running: every key's committed counts must be exactly
 * {@code 1..n}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AssignmentTimeoutIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CONSUME_TIMEOUT = Duration.ofSeconds(30);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;

    @TempDir
    Path tempDir;

    /**
     * The third offset lookup ({@code position()} or {@code committed()}) after the assignment
     * times out: with lookups inside the assignment callback, two tasks existed by then.
     */
    @Test
    void shouldRestoreAndProcessEveryPartitionWhenAnOffsetLookupTimesOutWhileTasksStart() throws Exception {
        countAfterInjectedTimeouts("lookup-timeout", new AssignmentFaults(3, false));
    }

    /** As above, and the lookup after it (the one a rewind after the failure makes) times out as well. */
    @Test
    void shouldKeepRunningWhenTwoOffsetLookupsInARowTimeOutAfterAnAssignment() throws Exception {
        countAfterInjectedTimeouts("two-lookups-timeout", new AssignmentFaults(3, true));
    }

    /** The very first offset lookup after the assignment times out. */
    @Test
    void shouldRestoreAndProcessEveryPartitionWhenTheFirstOffsetLookupAfterAnAssignmentTimesOut() throws Exception {
        countAfterInjectedTimeouts("first-lookup-timeout", new AssignmentFaults(1, false));
    }

    private void countAfterInjectedTimeouts(String name, AssignmentFaults faults) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic(name + "-in");
        String out = KAFKA.uniqueTopic(name + "-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic(name + "-app");
        List<ProducerRecord<byte[], byte[]>> input = new CopyOnWriteArrayList<>();

        // The counts so far live in the changelog; the next instance has to restore them.
        EosConfig first = Counting.config(kafka, appId, "instance-a", tempDir.resolve(name + "-a")).build();
        try (EosApp a = EosApp.create(Counting.pipeline(in, out, key -> { }), first)) {
            Apps.startAndAwaitRunning(a);
            send(kafka, in, input, 1L);
            Counting.awaitAllConsumed(kafka, appId, in, TIMEOUT, a);
        }

        EosConfig second = Counting.config(kafka, appId, "instance-b", tempDir.resolve(name + "-b")).build();
        SoftAssertions softly = new SoftAssertions();
        try (EosApp b = EosApp.builder(Counting.pipeline(in, out, key -> { }), second)
                .clientFactory(InterceptingClients.groupConsumers(faults)).build();
             Admin admin = kafka.admin()) {
            b.start();
            send(kafka, in, input, 2L);
            long deadline = System.nanoTime() + CONSUME_TIMEOUT.toNanos();
            boolean allConsumed = false;
            while (!allConsumed && !isDead(b) && System.nanoTime() < deadline) {
                allConsumed = KafkaIo.committedTotal(admin, appId, in) >= input.size();
                TimeUnit.MILLISECONDS.sleep(100);
            }
            System.out.printf("%s %s: injected %s; B is %s (%s); all input consumed: %s; committed offsets %s%n",
                    getClass().getSimpleName(), name, faults.injected, b.state(), b.fatalError(), allConsumed,
                    KafkaIo.committedOffsets(admin, appId));
            softly.assertThat(faults.injected).as("injected timeouts").isNotEmpty();
            softly.assertThat(b.state()).as("B's state (fatal error %s)", b.fatalError())
                    .isEqualTo(AppState.RUNNING);
            softly.assertThat(allConsumed).as("B committed all %d inputs within %s (committed offsets %s)",
                    input.size(), CONSUME_TIMEOUT, KafkaIo.committedOffsets(admin, appId)).isTrue();
        }
        softly.assertThat(Counting.problems(kafka, out, input)).as("keys whose committed counts are not exactly 1..n")
                .isEmpty();
        softly.assertAll();
    }

    private static boolean isDead(EosApp app) {
        return app.state() == AppState.ERROR || app.state() == AppState.CLOSED;
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, List<ProducerRecord<byte[], byte[]>> all,
                             long seed) {
        List<ProducerRecord<byte[], byte[]>> phase = CountOutput.randomKeys(in, 3_000, KEYS, seed);
        KafkaIo.produce(kafka, phase);
        all.addAll(phase);
    }

    /**
     * Throws {@code TimeoutException}, as a read_committed consumer does after
     * {@code default.api.timeout.ms} of UNSTABLE_OFFSET_COMMIT, from the {@code failLookup}-th
     * offset lookup ({@code position()} or {@code committed()}, wherever the runtime makes it:
     * inside the assignment callback or in its loop) once the first assignment began, and, if
     * {@code failNextToo}, from the lookup after it as well.
     */
    private static final class AssignmentFaults implements Intercepted.Interceptor {
        final List<String> injected = new CopyOnWriteArrayList<>();
        private final int failLookup;
        private final boolean failNextToo;
        private boolean firstAssignmentBegan;
        private int lookups;

        AssignmentFaults(int failLookup, boolean failNextToo) {
            this.failLookup = failLookup;
            this.failNextToo = failNextToo;
        }

        @Override
        public Object intercept(Method method, Object[] args, Intercepted.Call call) throws Throwable {
            switch (method.getName()) {
                case "subscribe" -> {
                    if (args.length == 2 && args[1] instanceof ConsumerRebalanceListener listener) {
                        args[1] = watched(listener);
                    }
                }
                case "position", "committed" -> {
                    if (firstAssignmentBegan) {
                        lookups++;
                        if (lookups == failLookup || (failNextToo && lookups == failLookup + 1)) {
                            throw injected(method.getName() + "(" + args[0] + ")");
                        }
                    }
                }
                default -> {
                }
            }
            return call.proceed();
        }

        private TimeoutException injected(String call) {
            injected.add(call);
            return new TimeoutException("Injected by the test: " + call + " timed out, as after "
                    + "default.api.timeout.ms of UNSTABLE_OFFSET_COMMIT");
        }

        private ConsumerRebalanceListener watched(ConsumerRebalanceListener listener) {
            return new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    listener.onPartitionsRevoked(partitions);
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    firstAssignmentBegan |= !partitions.isEmpty();
                    listener.onPartitionsAssigned(partitions);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    listener.onPartitionsLost(partitions);
                }
            };
        }
    }
}
