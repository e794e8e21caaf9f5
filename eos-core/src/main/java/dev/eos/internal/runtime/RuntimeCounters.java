package dev.eos.internal.runtime;

import dev.eos.AppMetrics;
import dev.eos.internal.metrics.EosMetricsRegistry;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters shared by an app's threads, read by {@code EosApp.metrics()}, and the app's metrics
 * registry ({@code EosApp.kafkaMetrics()}), where each thread registers its own metrics and
 * clients.
 */
public final class RuntimeCounters {
    final LongAdder recordsCommitted = new LongAdder();
    final LongAdder recordsSkipped = new LongAdder();
    final LongAdder recordsDeadLettered = new LongAdder();
    final LongAdder transactionsCommitted = new LongAdder();
    final LongAdder transactionsAborted = new LongAdder();
    final LongAdder producersRecreated = new LongAdder();
    final LongAdder changelogRecordsRestored = new LongAdder();
    private final EosMetricsRegistry registry;

    /** Counters with a metrics registry that reports nowhere (for test drivers). */
    public RuntimeCounters() {
        this(EosMetricsRegistry.unreported());
    }

    public RuntimeCounters(EosMetricsRegistry registry) {
        this.registry = registry;
    }

    public EosMetricsRegistry registry() {
        return registry;
    }

    public AppMetrics snapshot() {
        return new AppMetrics(recordsCommitted.sum(), recordsSkipped.sum(), recordsDeadLettered.sum(),
                transactionsCommitted.sum(), transactionsAborted.sum(), producersRecreated.sum(),
                changelogRecordsRestored.sum());
    }
}
