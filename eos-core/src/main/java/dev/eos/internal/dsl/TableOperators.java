package dev.eos.internal.dsl;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** The stateless operators on a table's update stream, where a null value is a deletion. */
final class TableOperators {
    private TableOperators() {
    }

    /** Forwards matching updates; any other update becomes a tombstone, since the key may have matched before. */
    static <K, V> ProcessorSupplier<K, V, K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        return () -> new Processor<>() {
            private ProcessorContext<K, V> context;

            @Override
            public void init(ProcessorContext<K, V> context) {
                this.context = context;
            }

            @Override
            public void process(Record<K, V> record) {
                boolean keep = record.value() != null && predicate.test(record.key(), record.value());
                context.forward(keep ? record : record.<V>withValue(null));
            }
        };
    }

    /** Maps the values of updates; tombstones pass unchanged. */
    static <K, V, V2> ProcessorSupplier<K, V, K, V2> mapValues(Function<? super V, ? extends V2> mapper) {
        return () -> new Processor<>() {
            private ProcessorContext<K, V2> context;

            @Override
            public void init(ProcessorContext<K, V2> context) {
                this.context = context;
            }

            @Override
            public void process(Record<K, V> record) {
                V2 mapped = record.value() == null ? null : mapper.apply(record.value());
                context.forward(record.withValue(mapped));
            }
        };
    }
}
