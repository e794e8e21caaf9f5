package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;

/**
 * Reads a (compacted) topic into a table, as Kafka Streams' {@code KTableSource} over a
 * materialized table: each record with a key replaces the value of its key (a null value
 * deletes it), stored with the record's timestamp, and is forwarded as a {@link Change} of the
 * key's old and new value, with the record's timestamp. That includes a tombstone for a key the
 * table does not hold ({@code Change(null, null)}). Records with a null key are dropped.
 */
final class TableSource<K, V> implements Processor<K, V, K, Change<V>> {
    private final String storeName;
    private final DroppedRecords dropped;
    private KeyValueStore<K, ValueAndTimestamp<V>> store;
    private ProcessorContext<K, Change<V>> context;

    TableSource(String operator, String storeName) {
        this.storeName = storeName;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V> ProcessorSupplier<K, V, K, Change<V>> supplier(String operator, String storeName) {
        return () -> new TableSource<>(operator, storeName);
    }

    @Override
    public void init(ProcessorContext<K, Change<V>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKey(record)) {
            return;
        }
        V old = ValueAndTimestamp.valueOrNull(store.get(record.key()));
        store.put(record.key(), ValueAndTimestamp.make(record.value(), record.timestamp()));
        context.forward(record.withValue(new Change<>(record.value(), old)));
    }
}
