package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;

/**
 * count, reduce and aggregate per key: reads the key's aggregate from the store, applies the
 * {@link Aggregation}, writes the result back (null deletes) and forwards it. All state is in the
 * store, so an aborted transaction leaves nothing behind.
 */
final class KeyValueAggregation<K, V, VA> implements Processor<K, V, K, VA> {
    private final String storeName;
    private final Aggregation<K, V, VA> aggregation;
    private final DroppedRecords dropped;
    private KeyValueStore<K, VA> store;
    private ProcessorContext<K, VA> context;

    KeyValueAggregation(String operator, String storeName, Aggregation<K, V, VA> aggregation) {
        this.storeName = storeName;
        this.aggregation = aggregation;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V, VA> ProcessorSupplier<K, V, K, VA> supplier(String operator, String storeName,
                                                              Aggregation<K, V, VA> aggregation) {
        return () -> new KeyValueAggregation<>(operator, storeName, aggregation);
    }

    @Override
    public void init(ProcessorContext<K, VA> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKeyAndValue(record)) {
            return;
        }
        VA current = store.get(record.key());
        VA updated = aggregation.apply(record.key(), record.value(), current);
        if (current == null && updated == null) {
            return;
        }
        store.put(record.key(), updated);
        context.forward(record.withValue(updated));
    }
}
