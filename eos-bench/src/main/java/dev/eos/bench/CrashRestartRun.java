package dev.eos.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The steps the restore and restart workloads share around a crashed child JVM: wait for its
 * committed output, write one marker per input partition, check each marker was counted exactly
 * once after the restart.
 */
final class CrashRestartRun {
    private CrashRestartRun() {
    }

    /** Waits until {@code counter} reaches its target, polling every {@code pollMs}; fails if the child dies or time runs out. */
    static void awaitOutput(CommittedOutputCounter counter, AppProcess app, String what, long timeoutSeconds,
                            long pollMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!counter.awaitTarget(pollMs, TimeUnit.MILLISECONDS)) {
            if (!app.isAlive()) {
                throw new IllegalStateException(what + ": the child JVM exited; see its log");
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": the output accounts for " + counter.count()
                        + " records after " + timeoutSeconds + " s (--run-timeout-seconds)");
            }
        }
        if (counter.failure() != null) {
            throw new IllegalStateException("The output counter failed: " + counter.failure(), counter.failure());
        }
    }

    /** One marker record to every input partition. */
    static void writeMarkers(String bootstrapServers, String input, String runId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int p = 0; p < Workload.PARTITIONS; p++) {
                producer.send(new ProducerRecord<>(input, p, markerKey(runId, p), "marker"));
            }
            producer.flush();
        }
    }

    static String markerKey(String runId, int partition) {
        return "marker-" + runId + "-" + partition;
    }

    /** Every marker counted exactly once: the restarted app neither lost nor repeated it. */
    static void checkMarkers(CommittedOutputCounter markers, String framework, String runId) {
        for (int p = 0; p < Workload.PARTITIONS; p++) {
            long count = markers.progress().latestCount(markerKey(runId, p));
            if (count != 1) {
                throw new IllegalStateException(framework + ": marker of partition " + p + " counted " + count
                        + " times after the restart, expected 1");
            }
        }
        if (markers.count() != Workload.PARTITIONS) {
            throw new IllegalStateException(framework + ": after the restart the output accounts for "
                    + markers.count() + " records, expected only the " + Workload.PARTITIONS + " markers");
        }
    }

    static long median(LongStream values) {
        long[] sorted = values.sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static String keysLabel(long keys) {
        if (keys % 1_000_000 == 0) {
            return keys / 1_000_000 + "M";
        }
        return keys % 1_000 == 0 ? keys / 1_000 + "k" : Long.toString(keys);
    }
}
