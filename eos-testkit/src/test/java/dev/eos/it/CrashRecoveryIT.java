package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pipeline runs in a child JVM that is killed with SIGKILL while transactions are open, at
 * several points of its progress, and restarted each time; at the end a read_committed consumer
 * must see every input's result exactly once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CrashRecoveryIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // The child's consumer uses a 2 s session timeout, so a killed member leaves quickly.
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            // Abort transactions of vanished producers soon after transaction.timeout.ms.
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final int OUTPUT_PARTITIONS = 3;
    /** How long output must stay uncommitted to count as held by an open transaction. */
    private static final Duration OPEN_FOR = Duration.ofMillis(40);

    @Test
    void shouldCommitEveryResultExactlyOnceWhenKilledMidTransactionAndRestartedWithTheSameInstanceId()
            throws Exception {
        runKilledAndRestarted("crash-stable", 20_000, new double[] {0.15, 0.35, 0.55, 0.75},
                run -> "instance-a", null);
    }

    /**
     * Without a stable instance.id nobody aborts the killed instance's transaction at once: the
     * broker does after transaction.timeout.ms, and until then read_committed readers wait.
     */
    @Test
    void shouldCommitEveryResultExactlyOnceWhenKilledMidTransactionAndRestartedWithAFreshInstanceId()
            throws Exception {
        runKilledAndRestarted("crash-fresh", 6_000, new double[] {0.3, 0.6}, run -> "random", "6000");
    }

    private void runKilledAndRestarted(String name, int inputs, double[] killAt, IntFunction<String> instanceIdOfRun,
                                       String transactionTimeoutMs) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic(name + "-in");
        String out = KAFKA.uniqueTopic(name + "-out");
        kafka.createTopic(in, 4);
        kafka.createTopic(out, OUTPUT_PARTITIONS);
        List<UserEvents.Event> events = UserEvents.generate(inputs, 50, 11L);
        KafkaIo.produceEvents(kafka, in, events);
        String groupId = CrashablePipelineMain.applicationId(in);

        try (Admin admin = kafka.admin()) {
            for (int run = 0; run <= killAt.length; run++) {
                List<String> args = new ArrayList<>(List.of(kafka.bootstrapServers(), in, out, instanceIdOfRun.apply(run)));
                if (transactionTimeoutMs != null) {
                    args.add(transactionTimeoutMs);
                }
                try (ChildPipeline child = ChildPipeline.start(in + "-run-" + run, args.toArray(String[]::new))) {
                    child.awaitReady(READY_TIMEOUT);
                    if (run == killAt.length) {
                        // The last run finishes the input and stops cleanly.
                        KafkaIo.awaitAllConsumed(kafka, groupId, in, PROGRESS_TIMEOUT, child::assertAlive);
                        child.stop();
                        break;
                    }
                    long target = (long) (inputs * killAt[run]);
                    Await.until(groupId + " committed at least " + target + " input records and has output of an open"
                            + " transaction on the broker", PROGRESS_TIMEOUT, () -> {
                        child.assertAlive();
                        return KafkaIo.committedTotal(admin, groupId, in) >= target
                                && KafkaIo.hasOpenTransactionData(admin, out, OUTPUT_PARTITIONS, OPEN_FOR);
                    });
                    child.kill();
                }
            }
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            expected.add(entry(e.user(), CrashablePipelineMain.transform(e.value())));
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, expected.size()));
        VerificationReport report = ExactlyOnceVerifier.verify(inputs, expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        // Every kill found output of an open transaction on the broker; it must have been aborted.
        int written = KafkaIo.readUncommitted(kafka, out).size();
        assertThat(written).as("records written to %s, committed or aborted", out).isGreaterThan(expected.size());
    }
}
