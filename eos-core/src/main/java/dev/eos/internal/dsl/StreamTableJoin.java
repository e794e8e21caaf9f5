package dev.eos.internal.dsl;

import dev.eos.dsl.ValueJoiner;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;

/**
 * Joins each stream record with the table's value for its key, read from the table's store when
 * the record is processed, as Kafka Streams' {@code KStreamKTableJoinProcessor}. Table updates
 * reach only the store, never this processor, so they emit nothing. Records with a null value
 * are dropped by both joins (the joiner never gets a null stream value). Inner join: records with
 * a null key, or no table value, are dropped too. Left join: every other record produces a
 * result; the joiner gets null when the table has no value, also for a null key (KIP-962).
 */
final class StreamTableJoin<K, V, VT, VR> implements Processor<K, V, K, VR> {
    private final TableLookup<K, VT> table;
    private final ValueJoiner<? super V, ? super VT, ? extends VR> joiner;
    private final boolean left;
    private final DroppedRecords dropped;
    private KeyValueStore<K, ?> store;
    private ProcessorContext<K, VR> context;

    StreamTableJoin(String operator, TableLookup<K, VT> table, ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
                    boolean left) {
        this.table = table;
        this.joiner = joiner;
        this.left = left;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V, VT, VR> ProcessorSupplier<K, V, K, VR> supplier(
            String operator, TableLookup<K, VT> table, ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
            boolean left) {
        return () -> new StreamTableJoin<>(operator, table, joiner, left);
    }

    @Override
    public void init(ProcessorContext<K, VR> context) {
        this.context = context;
        this.store = context.getStateStore(table.storeName());
    }

    @Override
    public void process(Record<K, V> record) {
        boolean joinable = left ? dropped.hasValue(record) : dropped.hasKeyAndValue(record);
        if (!joinable) {
            return;
        }
        VT tableValue = record.key() == null ? null : table.get(store, record.key());
        if (tableValue == null && !left) {
            return;
        }
        VR joined = joiner.apply(record.value(), tableValue);
        context.forward(record.withValue(joined));
    }
}
