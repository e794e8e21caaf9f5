package dev.eos.internal.runtime;

import dev.eos.RestoreProgress;
import dev.eos.internal.metrics.ThreadMetrics;

/** Keeps the {@code thread-state} metric in step with what the thread tells the app. */
final class StateReportingObserver implements ThreadObserver {
    private final ThreadObserver delegate;
    private final ThreadMetrics metrics;

    StateReportingObserver(ThreadObserver delegate, ThreadMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public void onRebalancing(ProcessingThread thread) {
        metrics.state("REBALANCING");
        delegate.onRebalancing(thread);
    }

    @Override
    public void onRunning(ProcessingThread thread) {
        metrics.state("RUNNING");
        delegate.onRunning(thread);
    }

    @Override
    public void onDeath(ProcessingThread thread, Throwable error) {
        metrics.state("DEAD");
        delegate.onDeath(thread, error);
    }

    @Override
    public void onExit(ProcessingThread thread) {
        metrics.state("STOPPED");
        delegate.onExit(thread);
    }

    @Override
    public void onRestore(RestoreProgress progress) {
        delegate.onRestore(progress);
    }
}
