package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * count, reduce and aggregate per key, as Kafka Streams' {@code KStreamAggregate} and
 * {@code KStreamReduce}: records with a null key or a null value are dropped; for any other,
 * the key's aggregate is read from the store, the {@link Aggregation} applied, the result
 * written back (null deletes) and forwarded as a {@link Change}, always, even when a key with
 * no aggregate gets a null one.
 *
 * <p>Timestamps: a key's first aggregate carries its record's timestamp; every later one the
 * larger of the stored timestamp and the record's, so an out-of-order record does not move a
 * key's update back in time. The update is stored and forwarded with that timestamp. All state
 * is in the store, so an aborted transaction leaves nothing behind.
 */
final class KeyValueAggregation<K, V, VA> implements Processor<K, V, K, Change<VA>> {
    private final String storeName;
    private final Aggregation<K, V, VA> aggregation;
    private final DroppedRecords dropped;
    private KeyValueStore<K, ValueAndTimestamp<VA>> store;
    private ProcessorContext<K, Change<VA>> context;

    KeyValueAggregation(String operator, String storeName, Aggregation<K, V, VA> aggregation) {
        this.storeName = storeName;
        this.aggregation = aggregation;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V, VA> ProcessorSupplier<K, V, K, Change<VA>> supplier(String operator, String storeName,
                                                                      Aggregation<K, V, VA> aggregation) {
        return () -> new KeyValueAggregation<>(operator, storeName, aggregation);
    }

    @Override
    public void init(ProcessorContext<K, Change<VA>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKeyAndValue(record)) {
            return;
        }
        ValueAndTimestamp<VA> stored = store.get(record.key());
        VA old = stored == null ? aggregation.initial() : stored.value();
        long timestamp = stored == null ? record.timestamp() : Math.max(stored.timestamp(), record.timestamp());
        VA updated = aggregation.apply(record.key(), record.value(), old);
        store.put(record.key(), ValueAndTimestamp.make(updated, timestamp));
        context.forward(new Record<>(record.key(), new Change<>(updated, old), timestamp,
                new RecordHeaders(record.headers().toArray())));
    }
}
