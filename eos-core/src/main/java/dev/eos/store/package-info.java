/**
 * State stores as processors see them: typed key-value and window stores, declared with
 * {@link dev.eos.store.Stores} and reached through
 * {@link dev.eos.processor.ProcessorContext#getStateStore(String)}.
 *
 * <p>Every write goes to the local store (RocksDB by default) and to the store's changelog topic
 * {@code <application.id>-<store>-changelog}, inside the same Kafka transaction as the outputs
 * and offsets of the input that caused it. See docs/concepts/state.md.
 */
package dev.eos.store;
