package dev.eos.query;

/**
 * Factories of {@link QueryableStoreType}.
 *
 * <pre>{@code
 * ReadOnlyKeyValueStore<String, Long> counts = app.store("counts", QueryableStoreTypes.keyValueStore());
 * ReadOnlyWindowStore<String, Long> perMinute = app.store("per-minute", QueryableStoreTypes.windowStore());
 * }</pre>
 */
public final class QueryableStoreTypes {
    private QueryableStoreTypes() {
    }

    public static <K, V> QueryableStoreType<ReadOnlyKeyValueStore<K, V>> keyValueStore() {
        return new QueryableStoreType<>(QueryableStoreType.Kind.KEY_VALUE);
    }

    public static <K, V> QueryableStoreType<ReadOnlyWindowStore<K, V>> windowStore() {
        return new QueryableStoreType<>(QueryableStoreType.Kind.WINDOW);
    }
}
