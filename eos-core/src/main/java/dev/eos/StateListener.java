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
}
