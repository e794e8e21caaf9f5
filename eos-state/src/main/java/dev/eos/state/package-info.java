/**
 * Storage engines for Eos: key-value and window stores over bytes, with transactional write
 * batches. No Kafka dependency; this is the only module that imports {@code org.rocksdb}.
 *
 * <p>Every store is a {@link dev.eos.state.TransactionalStore}: writes made since the last
 * commit are <em>pending</em>. Reads see them (read-your-writes), {@link
 * dev.eos.state.TransactionalStore#rollback()} discards them, and {@link
 * dev.eos.state.TransactionalStore#commit(long)} makes them durable in one atomic local write
 * together with the changelog offset they reach. A crash at any instant leaves a store at its
 * last committed state, so a store is never wiped after a crash: it replays only the changelog
 * records after its committed offset.
 *
 * <pre>{@code
 * try (StoreEngine engine = StoreEngine.rocksDb(RocksDbSettings.defaults());
 *      KeyValueBytesStore counts = engine.openKeyValue(dir, "counts")) {
 *     counts.put(key, value);           // pending
 *     counts.get(key);                  // sees the pending value
 *     counts.commit(42);                // durable, with changelog offset 42
 * }
 * }</pre>
 */
package dev.eos.state;
