package dev.eos.internal.dsl;

import dev.eos.dsl.Materialized;
import dev.eos.dsl.TimeWindows;
import dev.eos.errors.EosException;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.store.StoreSpec;
import dev.eos.store.Stores;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Turns a {@link Materialized} into a declared store: resolves serdes (Materialized first, then
 * the operator's fallback), generates a name if none was given and checks what does not apply,
 * all at definition time, with messages that name the operator and the fix.
 *
 * <p>DSL stores hold {@link ValueAndTimestamp}s (the value serde wrapped in a
 * {@link ValueAndTimestampSerde}), so the declared spec's value type is not the user's.
 */
final class StoreSpecs {
    private StoreSpecs() {
    }

    /**
     * Declares the key-value store of {@code operator} (as users wrote it, e.g. {@code count(...)},
     * for messages) and returns its name, generated as {@code <kind>-STORE-nnnnnnn} if not given.
     */
    static <K, V> String keyValue(PlanGraph graph, String kind, String operator, Materialized<K, V> materialized,
                                  Serde<K> keyFallback, Serde<V> valueFallback) {
        Options<K, V> m = orDefault(materialized);
        if (m.retention().isPresent()) {
            throw new EosException(operator + " keeps one value per key for ever, so Materialized.withRetention("
                    + m.retention().get() + ") does not apply. Fix: remove withRetention, or aggregate per time "
                    + "window with windowedBy(TimeWindows...).");
        }
        String name = m.name().orElseGet(() -> graph.newName(kind + "-STORE"));
        StoreSpec<K, ValueAndTimestamp<V>> spec = Stores.keyValue(name, keySerde(operator, m, keyFallback),
                timestamped(operator, m, valueFallback));
        graph.addStore(m.isInMemory() ? spec.inMemory() : spec);
        return name;
    }

    /** Declares the window store of windowed {@code operator} and returns its name. */
    static <K, V> String window(PlanGraph graph, String kind, String operator, Materialized<K, V> materialized,
                                TimeWindows windows, Serde<K> keyFallback, Serde<V> valueFallback) {
        Options<K, V> m = orDefault(materialized);
        Duration needed = Duration.ofMillis(windows.sizeMs() + windows.graceMs());
        Duration retention = m.retention().orElse(needed);
        if (retention.compareTo(needed) < 0) {
            throw new EosException(operator + " has Materialized.withRetention(" + retention
                    + "), shorter than window size + grace (" + needed + "): windows would be deleted while "
                    + "records may still arrive for them. Fix: withRetention(" + needed + ") or more, or remove it.");
        }
        String name = m.name().orElseGet(() -> graph.newName(kind + "-STORE"));
        StoreSpec<K, ValueAndTimestamp<V>> spec = Stores.window(name, keySerde(operator, m, keyFallback),
                timestamped(operator, m, valueFallback), retention).withWindowSize(Duration.ofMillis(windows.sizeMs()));
        graph.addStore(m.isInMemory() ? spec.inMemory() : spec);
        return name;
    }

    /** {@code null} stands for "all defaults": generated name, fallback serdes, RocksDB. */
    private static <K, V> Options<K, V> orDefault(Materialized<K, V> m) {
        return m == null ? new Options<>(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false)
                : new Options<>(m.name(), m.keySerde(), m.valueSerde(), m.retention(), m.isInMemory());
    }

    private record Options<K, V>(Optional<String> name, Optional<Serde<K>> keySerde, Optional<Serde<V>> valueSerde,
                                 Optional<Duration> retention, boolean isInMemory) {
    }

    private static <K> Serde<K> keySerde(String operator, Options<K, ?> m, Serde<K> fallback) {
        Serde<K> serde = m.keySerde().orElse(fallback);
        if (serde == null) {
            throw new EosException(operator + " has no key serde for its state store. Fix: "
                    + "Materialized.with(keySerde, valueSerde) or materialized.withKeySerde(keySerde).");
        }
        return serde;
    }

    private static <V> Serde<ValueAndTimestamp<V>> timestamped(String operator, Options<?, V> m, Serde<V> fallback) {
        return new ValueAndTimestampSerde<>(valueSerde(operator, m, fallback));
    }

    private static <V> Serde<V> valueSerde(String operator, Options<?, V> m, Serde<V> fallback) {
        Serde<V> serde = m.valueSerde().orElse(fallback);
        if (serde == null) {
            throw new EosException(operator + " has no value serde for its state store (the aggregate type "
                    + "differs from the grouped values, so Grouped's serde cannot be used). Fix: "
                    + "Materialized.with(keySerde, aggregateSerde) or materialized.withValueSerde(aggregateSerde).");
        }
        return serde;
    }
}
