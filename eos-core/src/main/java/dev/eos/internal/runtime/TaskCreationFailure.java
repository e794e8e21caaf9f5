package dev.eos.internal.runtime;

import dev.eos.errors.EosException;

/**
 * A task could not be created or prepared (a processor's init failed, a store could not be
 * restored, an external sink could not claim its partitions). Its partitions are owned but have
 * no task, so a retriable cause is recovered by rejoining the group, which assigns them again.
 */
final class TaskCreationFailure extends EosException {
    TaskCreationFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
