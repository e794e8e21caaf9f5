package dev.eos.testkit.driver;

import dev.eos.internal.dsl.ValueAndTimestamp;
import dev.eos.store.KeyValueStore;
import dev.eos.store.StateStore;
import dev.eos.store.StoreIterator;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies the entries of a store's shards (one per task) into one map, for assertions. The DSL's
 * stores hold each value with its timestamp; snapshots show the plain value, as users declared it.
 */
final class StoreSnapshots {
    private StoreSnapshots() {
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> keyValue(String name, List<StateStore> shards) {
        Map<K, V> out = new LinkedHashMap<>();
        for (StateStore shard : shards) {
            if (!(shard instanceof KeyValueStore<?, ?> kv)) {
                throw new IllegalArgumentException("Store '" + name + "' is not a key-value store");
            }
            try (StoreIterator<?, ?> it = kv.all()) {
                it.forEachRemaining(e -> out.put((K) e.key(), (V) plain(e.value())));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<Windowed<K>, V> windows(String name, List<StateStore> shards) {
        Map<Windowed<K>, V> out = new LinkedHashMap<>();
        for (StateStore shard : shards) {
            if (!(shard instanceof WindowStore<?, ?> ws)) {
                throw new IllegalArgumentException("Store '" + name + "' is not a window store");
            }
            try (StoreIterator<? extends Windowed<?>, ?> it = ws.fetchAll(0, Long.MAX_VALUE)) {
                it.forEachRemaining(e -> out.put((Windowed<K>) e.key(), (V) plain(e.value())));
            }
        }
        return out;
    }

    /** The value as users see it: without the timestamp a DSL store keeps with it. */
    private static Object plain(Object stored) {
        return stored instanceof ValueAndTimestamp<?> timestamped ? timestamped.value() : stored;
    }
}
