package dev.eos.internal.dsl;

import dev.eos.store.KeyValueStore;
import java.util.function.BiFunction;

/**
 * How a join reads a table: the key-value store that backs it and the view over the stored
 * value ({@code filter} and {@code mapValues} tables have no store of their own; they read their
 * parent's and apply their function, as Kafka Streams' value getters do). The store holds
 * {@link ValueAndTimestamp}s; a lookup returns the plain value.
 */
final class TableLookup<K, V> {
    private final String storeName;
    private final BiFunction<K, Object, V> view;

    private TableLookup(String storeName, BiFunction<K, Object, V> view) {
        this.storeName = storeName;
        this.view = view;
    }

    /** The values of DSL store {@code storeName}, without their timestamps. */
    @SuppressWarnings("unchecked")
    static <K, V> TableLookup<K, V> of(String storeName) {
        return new TableLookup<>(storeName, (key, raw) -> ValueAndTimestamp.valueOrNull((ValueAndTimestamp<V>) raw));
    }

    /** A view applying {@code function} to every non-null value; a null result hides the key. */
    <V2> TableLookup<K, V2> then(BiFunction<? super K, ? super V, ? extends V2> function) {
        return new TableLookup<>(storeName, (key, raw) -> {
            V value = view.apply(key, raw);
            return value == null ? null : function.apply(key, value);
        });
    }

    String storeName() {
        return storeName;
    }

    /** The table's value of {@code key} in {@code store}, or null. */
    V get(KeyValueStore<K, ?> store, K key) {
        return view.apply(key, store.get(key));
    }
}
