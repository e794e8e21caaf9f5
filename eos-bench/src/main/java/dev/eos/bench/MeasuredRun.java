package dev.eos.bench;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one variant once and times it.
 * <ol>
 *   <li>Create a fresh output topic and position a read_committed counter at its beginning.</li>
 *   <li>Start the clock, start the pipeline.</li>
 *   <li>Stop the clock when the committed output accounts for every input record: as many
 *       output records for the copy, counts summing to the input size for the count
 *       ({@link OutputProgress}).</li>
 *   <li>Stop the pipeline, let the counter drain for a second to catch duplicates, delete the
 *       output topic and the app's internal topics.</li>
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
    private final WorkloadKind kind;

    MeasuredRun(WorkloadKind kind, String bootstrapServers, BenchTopics topics, String inputTopic, long records,
                long timeoutSeconds, CpuMeter cpu) {
        this.kind = kind;
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
        try (CommittedOutputCounter counter = new CommittedOutputCounter(bootstrapServers, outputTopic, records,
                kind.newProgress(), false)) {
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
            String details = running.details();
            if (kind == WorkloadKind.COUNT) {
                details = "output records=" + counter.outputRecords() + (details.isEmpty() ? "" : ", " + details);
            }
            return new RunResult(variant.name(), records, counter.reachedAtNanos() - startNanos, counter.count(),
                    cpuUsed, details);
        } finally {
            topics.deleteContaining(runId); // the output and the app's internal topics
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
