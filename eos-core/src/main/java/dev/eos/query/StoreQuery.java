package dev.eos.query;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Which store to read and how: immutable, built with {@link #of} and {@code with...} methods.
 *
 * <p>By default a view reads every shard of the store that this instance hosts. With
 * {@link #withPartition(int)} it reads only that partition's shard, and fails with
 * {@link dev.eos.errors.StoreUnavailableException} (reason {@code NOT_HOSTED}) if this instance does
 * not host it: use this with {@code EosApp.metadataForKey} so that a key that moved away is
 * reported as moved, never answered as absent.
 *
 * <pre>{@code
 * KeyQueryMetadata where = app.metadataForKey("balances", id, new StringSerializer());
 * ReadOnlyKeyValueStore<String, Long> shard = app.store(
 *         StoreQuery.of("balances", QueryableStoreTypes.<String, Long>keyValueStore()).withPartition(where.partition()));
 * }</pre>
 *
 * @param <T> the view type
 */
public final class StoreQuery<T> {
    private final String storeName;
    private final QueryableStoreType<T> type;
    private final Integer partition;

    private StoreQuery(String storeName, QueryableStoreType<T> type, Integer partition) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.type = Objects.requireNonNull(type, "type");
        if (partition != null && partition < 0) {
            throw new IllegalArgumentException("partition must be >= 0, got " + partition);
        }
        this.partition = partition;
    }

    public static <T> StoreQuery<T> of(String storeName, QueryableStoreType<T> type) {
        return new StoreQuery<>(storeName, type, null);
    }

    /** Reads only the shard of {@code partition}. */
    public StoreQuery<T> withPartition(int partition) {
        return new StoreQuery<>(storeName, type, partition);
    }

    public String storeName() {
        return storeName;
    }

    public QueryableStoreType<T> type() {
        return type;
    }

    public OptionalInt partition() {
        return partition == null ? OptionalInt.empty() : OptionalInt.of(partition);
    }

    @Override
    public String toString() {
        return "StoreQuery{store=" + storeName + ", type=" + type
                + (partition == null ? "" : ", partition=" + partition) + "}";
    }
}
