package dev.eos.state;

import java.nio.file.Path;

/**
 * A store could not open because its directory is locked: another store object (in this process
 * or another) still has it open. Usually transient while a task moves between threads; retry
 * after the other owner closes it.
 *
 * <pre>{@code
 * try {
 *     store = engine.openKeyValue(dir, "counts");
 * } catch (StoreLockedException e) {
 *     // e.directory() is still held: retry later
 * }
 * }</pre>
 */
public class StoreLockedException extends StoreException {
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    public StoreLockedException(Path directory, Throwable cause) {
        super("Store directory " + directory + " is locked: another open store still holds it. Close that "
                + "store (or wait for it to close) and retry.", cause);
        this.directory = directory;
    }

    /** The directory whose lock is held. */
    public Path directory() {
        return directory;
    }
}
