package dev.eos.state;

/**
 * A store's storage engine failed (for RocksDB, a {@code RocksDBException} is the cause). The
 * store's committed state is what its last successful commit left; pending writes are kept.
 * {@link StoreLockedException} is the one worth retrying.
 *
 * <pre>{@code
 * try {
 *     store.commit(offset);
 * } catch (StoreException e) {
 *     // the local write failed: the store still holds its previous commit
 * }
 * }</pre>
 */
public class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
