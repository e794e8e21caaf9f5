package dev.eos.internal.runtime;

import dev.eos.AppMetrics;
import java.util.concurrent.atomic.LongAdder;

/** Counters shared by an app's threads; read by {@code EosApp.metrics()}. */
public final class RuntimeCounters {
    final LongAdder recordsCommitted = new LongAdder();
    final LongAdder recordsSkipped = new LongAdder();
    final LongAdder recordsDeadLettered = new LongAdder();
    final LongAdder transactionsCommitted = new LongAdder();
    final LongAdder transactionsAborted = new LongAdder();
    final LongAdder producersRecreated = new LongAdder();
    final LongAdder changelogRecordsRestored = new LongAdder();

    public AppMetrics snapshot() {
        return new AppMetrics(recordsCommitted.sum(), recordsSkipped.sum(), recordsDeadLettered.sum(),
                transactionsCommitted.sum(), transactionsAborted.sum(), producersRecreated.sum(),
                changelogRecordsRestored.sum());
    }
}
