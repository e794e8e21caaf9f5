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
    /**
     * Changes nothing. Not a lambda: creating one resolves {@code org.rocksdb.Options}, and every
     * config reads this default, also in apps built without rocksdbjni.
     */
    RocksDbOptionsHook NONE = new RocksDbOptionsHook() {
        @Override
        public void configure(String storeName, org.rocksdb.Options options) {
        }
    };

    void configure(String storeName, org.rocksdb.Options options);
}
