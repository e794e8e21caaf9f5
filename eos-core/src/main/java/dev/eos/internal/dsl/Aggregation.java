package dev.eos.internal.dsl;

import dev.eos.dsl.Aggregator;
import dev.eos.dsl.Initializer;
import dev.eos.dsl.Reducer;

/**
 * What count, reduce and aggregate have in common, as Kafka Streams defines them: a key (or
 * window) with no aggregate starts from {@link #initial()}, and each record folds into it with
 * {@link #apply}. A {@code null} result deletes the key.
 *
 * <p>count is {@code aggregate(() -> 0L, (k, v, n) -> n + 1)}; reduce starts from null and takes
 * the first value as it is. The initial value is also the "old value" of a key's first update,
 * which a downstream {@code Table.filter} tests, exactly as in Kafka Streams.
 */
interface Aggregation<K, V, VA> {

    /** The aggregate of a key that has none yet; null for reduce. */
    VA initial();

    /** The new aggregate from a record and {@code aggregate} (the key's, or {@link #initial()}). */
    VA apply(K key, V value, VA aggregate);

    static <K, V> Aggregation<K, V, Long> count() {
        return new Aggregation<>() {
            @Override
            public Long initial() {
                return 0L;
            }

            @Override
            public Long apply(K key, V value, Long aggregate) {
                return aggregate + 1;
            }
        };
    }

    static <K, V> Aggregation<K, V, V> reduce(Reducer<V> reducer) {
        return new Aggregation<>() {
            @Override
            public V initial() {
                return null;
            }

            @Override
            public V apply(K key, V value, V aggregate) {
                return aggregate == null ? value : reducer.apply(aggregate, value);
            }
        };
    }

    static <K, V, VA> Aggregation<K, V, VA> aggregate(Initializer<VA> initializer,
                                                      Aggregator<? super K, ? super V, VA> aggregator) {
        return new Aggregation<>() {
            @Override
            public VA initial() {
                return initializer.apply();
            }

            @Override
            public VA apply(K key, V value, VA aggregate) {
                return aggregator.apply(key, value, aggregate);
            }
        };
    }
}
