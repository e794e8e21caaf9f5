package dev.eos;

/**
 * Decides what happens when a processing thread dies of an error it could not handle (a fatal
 * Kafka error, or a record failing under the {@code fail} handler). Nothing the dead thread
 * processed after its last commit is committed.
 *
 * <pre>{@code
 * app.setUncaughtErrorHandler(error -> error instanceof RecordProcessingException
 *         ? UncaughtErrorPolicy.SHUTDOWN_APP
 *         : UncaughtErrorPolicy.REPLACE_THREAD);
 * }</pre>
 */
@FunctionalInterface
public interface UncaughtErrorHandler {
    UncaughtErrorPolicy handle(Throwable error);
}
