package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;

/**
 * Reads a (compacted) topic into a table: each record replaces the value of its key, a null value
 * deletes it, and each change is forwarded. A tombstone for a key the table does not have changes
 * nothing and is not forwarded; records with a null key are dropped.
 */
final class TableSource<K, V> implements Processor<K, V, K, V> {
    private final String storeName;
    private final DroppedRecords dropped;
    private KeyValueStore<K, V> store;
    private ProcessorContext<K, V> context;

    TableSource(String operator, String storeName) {
        this.storeName = storeName;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V> ProcessorSupplier<K, V, K, V> supplier(String operator, String storeName) {
        return () -> new TableSource<>(operator, storeName);
    }

    @Override
    public void init(ProcessorContext<K, V> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKey(record)) {
            return;
        }
        if (record.value() == null) {
            if (store.delete(record.key()) == null) {
                return;
            }
        } else {
            store.put(record.key(), record.value());
        }
        context.forward(record);
    }
}
