package dev.eos;

/**
 * Told about every {@link AppState} change, on the thread that caused it; keep it quick.
 *
 * <pre>{@code
 * app.setStateListener((newState, oldState) -> healthy.set(newState == AppState.RUNNING));
 * }</pre>
 */
@FunctionalInterface
public interface StateListener {
    void onChange(AppState newState, AppState oldState);

    /**
     * Told about the progress of restoring a store from its changelog, on the processing thread
     * that restores it: at least once per second while restoring, and once at the end
     * ({@link RestoreProgress#done()}). A task processes nothing until its stores are restored.
     *
     * <pre>{@code
     * app.setStateListener(new StateListener() {
     *     public void onChange(AppState newState, AppState oldState) { }
     *     public void onRestore(RestoreProgress p) { log.info("{} {}%", p.store(), p.percent()); }
     * });
     * }</pre>
     */
    default void onRestore(RestoreProgress progress) {
    }
}
