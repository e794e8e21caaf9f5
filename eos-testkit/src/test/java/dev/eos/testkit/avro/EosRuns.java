package dev.eos.testkit.avro;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

/** Running Eos pipelines and Kafka Streams apps in the interop tests until their output is committed. */
final class EosRuns {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private EosRuns() {
    }

    static EosConfig.Builder config(EmbeddedKafkaCluster kafka, String applicationId) {
        return EosConfig.builder()
                .applicationId(applicationId)
                .bootstrapServers(kafka.bootstrapServers())
                .set(EosConfig.COMMIT_INTERVAL_MS, 100);
    }

    /**
     * Runs {@code pipeline} until {@code output} holds at least {@code records} committed records
     * and a read_committed reader has caught up, then closes it; fails with the app's fatal error
     * if it stops first.
     */
    static void runUntilCommitted(EmbeddedKafkaCluster kafka, Pipeline pipeline, EosConfig config, String output,
                                  int records) throws InterruptedException {
        try (EosApp app = EosApp.create(pipeline, config)) {
            app.start();
            awaitOutput(kafka, output, records, () -> {
                if (app.state() == AppState.ERROR || app.state() == AppState.CLOSED) {
                    throw new AssertionError("Eos app " + config.applicationId() + " stopped in state " + app.state()
                            + " with fatal error " + app.fatalError(), app.fatalError());
                }
            });
        }
    }

    /** Starts {@code streams}, runs it until {@code output} holds {@code records} committed records, closes it. */
    static void runUntilCommitted(EmbeddedKafkaCluster kafka, KafkaStreams streams, String output, int records)
            throws InterruptedException {
        try {
            streams.start();
            awaitOutput(kafka, output, records, () -> {
                if (streams.state() == KafkaStreams.State.ERROR
                        || streams.state() == KafkaStreams.State.PENDING_ERROR) {
                    throw new AssertionError("Kafka Streams stopped in state " + streams.state());
                }
            });
        } finally {
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Everything committed in {@code topic}, once a reader has at least {@code records} and caught up. */
    static List<ConsumerRecord<byte[], byte[]>> committed(EmbeddedKafkaCluster kafka, String topic, int records) {
        return CommittedReader.readAllOrFail(kafka.clientConfig(), topic, n -> n >= records, TIMEOUT);
    }

    private static void awaitOutput(EmbeddedKafkaCluster kafka, String output, int records, Runnable failIfDead)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        int seen = 0;
        while (System.nanoTime() - deadline < 0) {
            failIfDead.run();
            seen = CommittedReader.readAll(kafka.clientConfig(), output, n -> n >= records, Duration.ofSeconds(2))
                    .size();
            if (seen >= records) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        failIfDead.run();
        throw new AssertionError("Timed out after " + TIMEOUT + " waiting for " + records + " committed records in "
                + output + "; " + seen + " there at the last look");
    }
}
