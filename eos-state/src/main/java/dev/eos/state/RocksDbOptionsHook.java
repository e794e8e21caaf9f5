package dev.eos.state;

/**
 * Tunes a RocksDB store before it opens. The shared block cache and write-buffer manager are
 * already set; replacing them gives up the memory bound.
 *
 * <pre>{@code
 * RocksDbOptionsHook hook = (storeName, options) -> {
 *     if (storeName.equals("big-counts")) {
 *         options.setMaxWriteBufferNumber(4);
 *     }
 * };
 * }</pre>
 */
@FunctionalInterface
public interface RocksDbOptionsHook {
    RocksDbOptionsHook NONE = (storeName, options) -> { };

    void configure(String storeName, org.rocksdb.Options options);
}
