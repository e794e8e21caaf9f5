package dev.eos.bench;

import java.time.Duration;
import java.util.Optional;

/**
 * One way of running the benchmark's transformation from the input topic to a fresh output
 * topic. Each {@link #start} is a fresh application: new group / application id, new output
 * topic, nothing carried over from earlier runs.
 */
interface Variant {

    /** Short name for the table, e.g. {@code eos}. */
    String name();

    /** The settings this variant runs with, for the report. */
    String settings();

    /** Starts copying {@code spec.inputTopic()} to {@code spec.outputTopic()}; returns once started. */
    Running start(RunSpec spec) throws Exception;

    /** What a run needs to know. {@code runId} is unique per run and safe for ids and file names. */
    record RunSpec(String bootstrapServers, String inputTopic, String outputTopic, String runId) {
    }

    /** A started pipeline. */
    interface Running extends AutoCloseable {

        /** The error that stopped the pipeline, if it stopped on its own. */
        Optional<Throwable> failure();

        /**
         * Waits until the pipeline has its partitions and processes (for a latency run, whose
         * clock must not include start-up).
         *
         * @return whether it got there within {@code timeout}
         */
        default boolean awaitRunning(Duration timeout) throws InterruptedException {
            return true;
        }

        /** Counters worth reporting, read after {@link #close()}; empty if none. */
        default String details() {
            return "";
        }

        /** Stops the pipeline and releases everything it holds. */
        @Override
        void close() throws Exception;
    }
}
