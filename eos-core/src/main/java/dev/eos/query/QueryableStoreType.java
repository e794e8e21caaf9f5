package dev.eos.query;

/**
 * The kind of view {@code EosApp.store} returns; get one from {@link QueryableStoreTypes}.
 *
 * <pre>{@code
 * QueryableStoreType<ReadOnlyKeyValueStore<String, Long>> type = QueryableStoreTypes.keyValueStore();
 * }</pre>
 *
 * @param <T> the view type
 */
public final class QueryableStoreType<T> {
    /** The two kinds of store a view can read. */
    public enum Kind { KEY_VALUE, WINDOW }

    private final Kind kind;

    QueryableStoreType(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind == Kind.KEY_VALUE ? "key-value store" : "window store";
    }
}
