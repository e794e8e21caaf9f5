package dev.eos;

/** What an {@link UncaughtErrorHandler} decides after a processing thread died of an error. */
public enum UncaughtErrorPolicy {
    /** Start a fresh thread in place of the dead one; it resumes from the committed offsets. */
    REPLACE_THREAD,
    /** Stop every thread and move the app to {@link AppState#ERROR}. The default. */
    SHUTDOWN_APP
}
