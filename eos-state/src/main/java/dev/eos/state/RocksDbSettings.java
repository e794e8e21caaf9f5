package dev.eos.state;

import java.util.Objects;

/**
 * Memory bounds and tuning for every RocksDB store of an application.
 *
 * <pre>{@code
 * RocksDbSettings settings = RocksDbSettings.defaults()
 *         .withBlockCacheBytes(256L << 20)
 *         .withWriteBufferBytes(128L << 20)
 *         .withOptionsHook((store, options) -> options.setMaxOpenFiles(500));
 * }</pre>
 *
 * @param blockCacheBytes  size of the one block cache shared by every store
 * @param writeBufferBytes bound on the memtables of every store together (charged to the cache)
 * @param optionsHook      called with each store's options before it opens
 */
public record RocksDbSettings(long blockCacheBytes, long writeBufferBytes, RocksDbOptionsHook optionsHook) {
    public static final long DEFAULT_BLOCK_CACHE_BYTES = 64L << 20;
    public static final long DEFAULT_WRITE_BUFFER_BYTES = 32L << 20;

    public RocksDbSettings {
        if (blockCacheBytes <= 0 || writeBufferBytes <= 0) {
            throw new IllegalArgumentException("RocksDB memory bounds must be positive: blockCacheBytes="
                    + blockCacheBytes + ", writeBufferBytes=" + writeBufferBytes);
        }
        Objects.requireNonNull(optionsHook, "optionsHook");
    }

    public static RocksDbSettings defaults() {
        return new RocksDbSettings(DEFAULT_BLOCK_CACHE_BYTES, DEFAULT_WRITE_BUFFER_BYTES, RocksDbOptionsHook.NONE);
    }

    public RocksDbSettings withBlockCacheBytes(long bytes) {
        return new RocksDbSettings(bytes, writeBufferBytes, optionsHook);
    }

    public RocksDbSettings withWriteBufferBytes(long bytes) {
        return new RocksDbSettings(blockCacheBytes, bytes, optionsHook);
    }

    public RocksDbSettings withOptionsHook(RocksDbOptionsHook hook) {
        return new RocksDbSettings(blockCacheBytes, writeBufferBytes, hook);
    }
}
