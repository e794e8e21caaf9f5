package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import java.util.function.BiPredicate;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The stateless operators on a table's updates ({@link Change}s of a key's old and new value,
 * where null is no value), as Kafka Streams' {@code KTableFilter}, {@code KTableMapValues} and
 * {@code KTable.toStream()} over a materialized parent. Each keeps the update's timestamp.
 */
final class TableOperators {
    private TableOperators() {
    }

    /** Base for the operators: keeps the context. */
    private abstract static class Forwarding<K, V, V2> implements Processor<K, V, K, V2> {
        ProcessorContext<K, V2> context;

        @Override
        public void init(ProcessorContext<K, V2> context) {
            this.context = context;
        }
    }

    /**
     * Keeps the new and the old value where they match (else null) and forwards the change,
     * unless both are null: an update that neither matched before nor matches now changes nothing
     * in the filtered table, so nothing is sent. A key that stops matching gets a tombstone.
     */
    static <K, V> ProcessorSupplier<K, Change<V>, K, Change<V>> filter(BiPredicate<? super K, ? super V> predicate) {
        return () -> new Forwarding<K, Change<V>, Change<V>>() {
            @Override
            public void process(Record<K, Change<V>> record) {
                V newValue = matching(predicate, record.key(), record.value().newValue());
                V oldValue = matching(predicate, record.key(), record.value().oldValue());
                if (newValue == null && oldValue == null) {
                    return;
                }
                context.forward(record.withValue(new Change<>(newValue, oldValue)));
            }
        };
    }

    private static <K, V> V matching(BiPredicate<? super K, ? super V> predicate, K key, V value) {
        return value != null && predicate.test(key, value) ? value : null;
    }

    /**
     * Maps the new value, then the old value only if {@code sendOldValues} says a downstream filter
     * needs it; else the old value is forwarded as null and the mapper runs once per update, as in
     * Kafka Streams' {@code KTableMapValues}. Null stays null, the mapper never sees it. Always
     * forwards. {@code sendOldValues} is read once per processor, when it is created.
     */
    static <K, V, V2> ProcessorSupplier<K, Change<V>, K, Change<V2>> mapValues(
            Function<? super V, ? extends V2> mapper, BooleanSupplier sendOldValues) {
        return () -> {
            boolean mapOldValues = sendOldValues.getAsBoolean();
            return new Forwarding<K, Change<V>, Change<V2>>() {
                @Override
                public void process(Record<K, Change<V>> record) {
                    Change<V> change = record.value();
                    V2 newValue = map(mapper, change.newValue());
                    V2 oldValue = mapOldValues ? map(mapper, change.oldValue()) : null;
                    context.forward(record.withValue(new Change<>(newValue, oldValue)));
                }
            };
        };
    }

    private static <V, V2> V2 map(Function<? super V, ? extends V2> mapper, V value) {
        return value == null ? null : mapper.apply(value);
    }

    /** The table's update stream: each change becomes a record of its new value (null: a tombstone). */
    static <K, V> ProcessorSupplier<K, Change<V>, K, V> toStream() {
        return () -> new Forwarding<K, Change<V>, V>() {
            @Override
            public void process(Record<K, Change<V>> record) {
                context.forward(record.withValue(record.value().newValue()));
            }
        };
    }
}
