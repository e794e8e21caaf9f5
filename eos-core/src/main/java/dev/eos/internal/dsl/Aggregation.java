package dev.eos.internal.dsl;

import dev.eos.dsl.Aggregator;
import dev.eos.dsl.Initializer;
import dev.eos.dsl.Reducer;

/**
 * What count, reduce and aggregate have in common: the new aggregate of a key from a record and
 * the current aggregate ({@code null} when the key or window has none yet). A {@code null}
 * result deletes the key.
 */
@FunctionalInterface
interface Aggregation<K, V, VA> {

    VA apply(K key, V value, VA current);

    static <K, V> Aggregation<K, V, Long> count() {
        return (key, value, current) -> current == null ? 1L : current + 1;
    }

    static <K, V> Aggregation<K, V, V> reduce(Reducer<V> reducer) {
        return (key, value, current) -> current == null ? value : reducer.apply(current, value);
    }

    static <K, V, VA> Aggregation<K, V, VA> aggregate(Initializer<VA> initializer,
                                                      Aggregator<? super K, ? super V, VA> aggregator) {
        return (key, value, current) -> aggregator.apply(key, value, current == null ? initializer.apply() : current);
    }
}
