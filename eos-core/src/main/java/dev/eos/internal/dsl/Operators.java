package dev.eos.internal.dsl;

import dev.eos.dsl.KeyValue;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The stateless DSL operators, each a small {@link Processor}. The DSL is built on the processor
 * API and nothing else: these are ordinary processors.
 */
final class Operators {
    private Operators() {
    }

    /** Base for operators that forward to every child. */
    private abstract static class Forwarding<K, V, K2, V2> implements Processor<K, V, K2, V2> {
        ProcessorContext<K2, V2> context;

        @Override
        public void init(ProcessorContext<K2, V2> context) {
            this.context = context;
        }
    }

    static <K, V> ProcessorSupplier<K, V, K, V> filter(BiPredicate<? super K, ? super V> predicate, boolean keep) {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                if (predicate.test(record.key(), record.value()) == keep) {
                    context.forward(record);
                }
            }
        };
    }

    static <K, V, K2, V2> ProcessorSupplier<K, V, K2, V2> map(
            BiFunction<? super K, ? super V, KeyValue<K2, V2>> mapper) {
        return () -> new Forwarding<K, V, K2, V2>() {
            @Override
            public void process(Record<K, V> record) {
                KeyValue<K2, V2> kv = mapper.apply(record.key(), record.value());
                context.forward(record.withKey(kv.key()).withValue(kv.value()));
            }
        };
    }

    static <K, V, V2> ProcessorSupplier<K, V, K, V2> mapValues(Function<? super V, ? extends V2> mapper) {
        return () -> new Forwarding<K, V, K, V2>() {
            @Override
            public void process(Record<K, V> record) {
                V2 value = mapper.apply(record.value());
                context.forward(record.withValue(value));
            }
        };
    }

    static <K, V, K2, V2> ProcessorSupplier<K, V, K2, V2> flatMap(
            BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> mapper) {
        return () -> new Forwarding<K, V, K2, V2>() {
            @Override
            public void process(Record<K, V> record) {
                for (KeyValue<K2, V2> kv : mapper.apply(record.key(), record.value())) {
                    context.forward(record.withKey(kv.key()).withValue(kv.value()));
                }
            }
        };
    }

    static <K, V, V2> ProcessorSupplier<K, V, K, V2> flatMapValues(
            Function<? super V, ? extends Iterable<? extends V2>> mapper) {
        return () -> new Forwarding<K, V, K, V2>() {
            @Override
            public void process(Record<K, V> record) {
                for (V2 value : mapper.apply(record.value())) {
                    context.forward(record.withValue(value));
                }
            }
        };
    }

    static <K, V> ProcessorSupplier<K, V, K, V> peek(BiConsumer<? super K, ? super V> action) {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                action.accept(record.key(), record.value());
                context.forward(record);
            }
        };
    }

    static <K, V, K2> ProcessorSupplier<K, V, K2, V> selectKey(
            BiFunction<? super K, ? super V, ? extends K2> selector) {
        return () -> new Forwarding<K, V, K2, V>() {
            @Override
            public void process(Record<K, V> record) {
                K2 key = selector.apply(record.key(), record.value());
                context.forward(record.withKey(key));
            }
        };
    }

    /** Passes records through unchanged; used to give merged streams one node. */
    static <K, V> ProcessorSupplier<K, V, K, V> passThrough() {
        return () -> new Forwarding<K, V, K, V>() {
            @Override
            public void process(Record<K, V> record) {
                context.forward(record);
            }
        };
    }
}
