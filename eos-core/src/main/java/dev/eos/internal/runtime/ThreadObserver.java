package dev.eos.internal.runtime;

import dev.eos.RestoreProgress;

/**
 * What the app learns from its {@link ProcessingThread}s.
 *
 * <pre>{@code
 * ThreadObserver quiet = new ThreadObserver() {
 *     public void onRebalancing(ProcessingThread thread) { }
 *     public void onRunning(ProcessingThread thread) { }
 *     public void onDeath(ProcessingThread thread, Throwable error) { }
 *     public void onExit(ProcessingThread thread) { }
 * };
 * }</pre>
 */
public interface ThreadObserver {
    void onRebalancing(ProcessingThread thread);

    void onRunning(ProcessingThread thread);

    void onDeath(ProcessingThread thread, Throwable error);

    void onExit(ProcessingThread thread);

    /** Progress of restoring a store of one of this thread's new tasks. */
    default void onRestore(RestoreProgress progress) {
    }
}
