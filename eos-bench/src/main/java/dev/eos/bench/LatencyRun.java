package dev.eos.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs one variant once at a steady input rate and measures end-to-end latency.
 * <ol>
 *   <li>Create a fresh input and output topic (8 partitions each) and position a
 *       {@link LatencyProbe} at the output's beginning.</li>
 *   <li>Start the pipeline and wait until it is {@code RUNNING} (start-up is not measured).</li>
 *   <li>Send {@code rate × (warm-up + measured seconds)} records at {@code rate} per second
 *       ({@link PacedSender}); the first {@code rate × warm-up seconds} are not measured.</li>
 *   <li>Wait until every record has arrived in the committed output, then stop the pipeline,
 *       let the probe drain for a second to catch duplicates, and delete the run's topics (also
 *       the app's internal topics).</li>
 * </ol>
 */
final class LatencyRun {
    private static final long QUIET_MILLIS = 1_000;
    private static final long START_TIMEOUT_SECONDS = 120;
    private static final long DRAIN_TIMEOUT_SECONDS = 120;

    private final String bootstrapServers;
    private final BenchTopics topics;
    private final int rate;
    private final int warmupSeconds;
    private final int measuredSeconds;
    private final CpuMeter cpu;

    LatencyRun(String bootstrapServers, BenchTopics topics, int rate, int warmupSeconds, int measuredSeconds,
               CpuMeter cpu) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.rate = rate;
        this.warmupSeconds = warmupSeconds;
        this.measuredSeconds = measuredSeconds;
        this.cpu = cpu;
    }

    /** @throws IllegalStateException if the pipeline fails, does not start or loses records */
    LatencyResult run(Variant variant, String runId) throws Exception {
        String inputTopic = "eos-bench-lat-in-" + runId;
        String outputTopic = "eos-bench-lat-out-" + runId;
        long warmupRecords = (long) rate * warmupSeconds;
        long total = warmupRecords + (long) rate * measuredSeconds;
        long origin = System.nanoTime();
        // Step 1
        topics.create(inputTopic);
        topics.create(outputTopic);
        try (LatencyProbe probe = new LatencyProbe(bootstrapServers, outputTopic, total, warmupRecords, origin)) {
            // Step 2
            Variant.Running running = variant.start(
                    new Variant.RunSpec(bootstrapServers, inputTopic, outputTopic, runId));
            CpuMeter.Reading cpuUsed;
            long elapsed;
            try {
                if (!running.awaitRunning(Duration.ofSeconds(START_TIMEOUT_SECONDS))) {
                    throw new IllegalStateException(variant.name() + " was not RUNNING within "
                            + START_TIMEOUT_SECONDS + " s" + running.failure().map(f -> ": " + f).orElse(""));
                }
                // Step 3
                CpuMeter.Reading cpuAtStart = cpu.read();
                long start = System.nanoTime();
                try (PacedSender sender = new PacedSender(bootstrapServers, inputTopic, rate, total, origin)) {
                    sender.start();
                    awaitSent(variant, running, sender);
                }
                // Step 4
                awaitReceived(variant, running, probe, total);
                cpuUsed = cpu.read().since(cpuAtStart);
                elapsed = System.nanoTime() - start;
            } finally {
                running.close();
            }
            probe.awaitQuiet(QUIET_MILLIS);
            probe.close();
            return LatencyResult.of(variant.name(), probe.sortedLatencyNanos(), total - probe.distinct(),
                    probe.duplicates(), cpuUsed, elapsed);
        } finally {
            topics.deleteContaining(runId);
        }
    }

    private void awaitSent(Variant variant, Variant.Running running, PacedSender sender)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds + measuredSeconds + 60L);
        while (!sender.awaitDone(200, TimeUnit.MILLISECONDS)) {
            failIfStopped(variant, running);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The input producer sent only " + sender.sent() + " records in "
                        + (warmupSeconds + measuredSeconds + 60) + " s");
            }
        }
        if (sender.failure() != null) {
            throw new IllegalStateException("The input producer failed: " + sender.failure(), sender.failure());
        }
    }

    private static void awaitReceived(Variant variant, Variant.Running running, LatencyProbe probe, long total)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DRAIN_TIMEOUT_SECONDS);
        while (!probe.awaitAll(200, TimeUnit.MILLISECONDS)) {
            failIfStopped(variant, running);
            if (probe.failure() != null) {
                throw new IllegalStateException("The latency probe failed: " + probe.failure(), probe.failure());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(variant.name() + " wrote only " + probe.distinct() + " of " + total
                        + " records to the committed output within " + DRAIN_TIMEOUT_SECONDS
                        + " s after the last send");
            }
        }
    }

    private static void failIfStopped(Variant variant, Variant.Running running) {
        running.failure().ifPresent(failure -> {
            throw new IllegalStateException(variant.name() + " failed: " + failure, failure);
        });
    }
}
