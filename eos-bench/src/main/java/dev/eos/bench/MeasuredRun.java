package dev.eos.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one variant once and times it.
 * <ol>
 *   <li>Create a fresh output topic and position a read_committed counter at its beginning.</li>
 *   <li>Start the clock, start the pipeline.</li>
 *   <li>Stop the clock when the counter has seen every input record in the output.</li>
 *   <li>Stop the pipeline, let the counter drain for a second to catch duplicates, delete the
 *       output topic.</li>
 * </ol>
 */
final class MeasuredRun {
    private static final long POLL_MILLIS = 200;
    private static final long QUIET_MILLIS = 1_000;

    private final String bootstrapServers;
    private final BenchTopics topics;
    private final String inputTopic;
    private final long records;
    private final long timeoutSeconds;
    private final CpuMeter cpu;

    MeasuredRun(String bootstrapServers, BenchTopics topics, String inputTopic, long records, long timeoutSeconds,
                CpuMeter cpu) {
        this.cpu = cpu;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.inputTopic = inputTopic;
        this.records = records;
        this.timeoutSeconds = timeoutSeconds;
    }

    /**
     * @throws IllegalStateException if the pipeline fails or does not finish in time
     */
    RunResult run(Variant variant, String runId) throws Exception {
        String outputTopic = "eos-bench-out-" + runId;
        // Step 1
        topics.create(outputTopic);
        try (CommittedOutputCounter counter = new CommittedOutputCounter(bootstrapServers, outputTopic, records)) {
            // Step 2
            CpuMeter.Reading cpuAtStart = cpu.read();
            long startNanos = System.nanoTime();
            CpuMeter.Reading cpuUsed;
            Variant.Running running = variant.start(
                    new Variant.RunSpec(bootstrapServers, inputTopic, outputTopic, runId));
            try {
                // Step 3
                awaitAllOutput(variant, running, counter, startNanos);
                cpuUsed = cpu.read().since(cpuAtStart);
            } finally {
                // Step 4
                running.close();
            }
            counter.awaitQuiet(QUIET_MILLIS);
            return new RunResult(variant.name(), records, counter.reachedAtNanos() - startNanos, counter.count(),
                    cpuUsed, running.details());
        } finally {
            topics.delete(outputTopic);
        }
    }

    private void awaitAllOutput(Variant variant, Variant.Running running, CommittedOutputCounter counter,
                                long startNanos) throws InterruptedException {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!counter.awaitTarget(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
            Optional<Throwable> failure = running.failure();
            if (failure.isPresent()) {
                throw new IllegalStateException(variant.name() + " failed after " + counter.count() + " of "
                        + records + " records: " + failure.get(), failure.get());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(variant.name() + " did not write all " + records
                        + " records within " + timeoutSeconds + " s (--run-timeout-seconds); the output had "
                        + counter.count());
            }
        }
        if (counter.failure() != null) {
            throw new IllegalStateException("The output counter failed: " + counter.failure(), counter.failure());
        }
    }
}
