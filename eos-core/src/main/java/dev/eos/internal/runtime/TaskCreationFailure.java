package dev.eos.internal.runtime;

import dev.eos.errors.EosException;

/**
 * A task could not be created or prepared: a processor's init failed, a store could not be
 * restored or stayed locked, an external sink could not claim its partitions, or a record
 * arrived for a partition without a running task. Its partitions are owned but not read, so the
 * thread recovers by closing its tasks and rejoining the group, which assigns them again.
 *
 * <p>Whether that is tried is the classifier's decision: a failure the thread knows to be
 * transient (a restore that made no progress, a step that kept timing out or a store that stayed
 * locked past the start-up deadline, a partition without a task) is {@link #transientFailure
 * retriable} on its own; any other is classified by its cause (a processor's init that throws
 * stops the thread, a timeout is retried).
 */
final class TaskCreationFailure extends EosException {
    private final boolean retriable;

    private TaskCreationFailure(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** A failure classified by its cause. */
    TaskCreationFailure(String message, Throwable cause) {
        this(message, cause, false);
    }

    /** A failure the thread recovers from by rejoining, whatever its cause. */
    static TaskCreationFailure transientFailure(String message, Throwable cause) {
        return new TaskCreationFailure(message, cause, true);
    }

    boolean retriable() {
        return retriable;
    }
}
