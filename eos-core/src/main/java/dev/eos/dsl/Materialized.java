package dev.eos.dsl;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * How to keep the state store behind a {@link Table}: its name, serdes, retention and whether it
 * lives in memory. Immutable; every {@code with*} returns a new instance.
 *
 * <p>The store's changelog topic is {@code <application.id>-<name>-changelog}, so a stable name
 * keeps the state when the pipeline changes shape; without {@link #as(String)} a name is
 * generated from the node's position in the plan. A serde left out falls back to the serde of
 * the {@link Grouped} (or, for {@code builder.table}, the {@link Consumed}); {@code count()} stores
 * {@code Long} values with {@code Serdes.Long()}. {@code aggregate} has no fallback for its
 * aggregate type and fails at definition time when the value serde is missing.
 *
 * <pre>{@code
 * Table<String, Long> counts = words.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
 *         .count(Materialized.as("word-counts"));
 * Table<String, Stats> stats = readings.groupByKey(Grouped.with(Serdes.String(), readingSerde))
 *         .aggregate(Stats::empty, (k, r, s) -> s.add(r),
 *                 Materialized.<String, Stats>as("stats").withValueSerde(statsSerde).inMemory());
 * }</pre>
 *
 * @param <K> key type of the store (the unwindowed key for windowed aggregations)
 * @param <V> value type of the store
 */
public final class Materialized<K, V> {
    private final String name;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Duration retention;
    private final boolean inMemory;

    private Materialized(String name, Serde<K> keySerde, Serde<V> valueSerde, Duration retention, boolean inMemory) {
        this.name = name;
        this.keySerde = keySerde;
        this.valueSerde = valueSerde;
        this.retention = retention;
        this.inMemory = inMemory;
    }

    /** A store named {@code name}; serdes fall back as described above. */
    public static <K, V> Materialized<K, V> as(String name) {
        return new Materialized<>(Objects.requireNonNull(name, "name"), null, null, null, false);
    }

    /** A store with a generated name and these serdes. */
    public static <K, V> Materialized<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Materialized<>(null, Objects.requireNonNull(keySerde, "keySerde"),
                Objects.requireNonNull(valueSerde, "valueSerde"), null, false);
    }

    public Materialized<K, V> withKeySerde(Serde<K> keySerde) {
        return new Materialized<>(name, Objects.requireNonNull(keySerde, "keySerde"), valueSerde, retention, inMemory);
    }

    public Materialized<K, V> withValueSerde(Serde<V> valueSerde) {
        return new Materialized<>(name, keySerde, Objects.requireNonNull(valueSerde, "valueSerde"), retention, inMemory);
    }

    /**
     * For windowed aggregations only: keep windows this long after their start, measured on the
     * aggregation's own clock (the largest timestamp it has seen, see {@link TimeWindows}), instead
     * of window size + grace. Must not be smaller than size + grace.
     */
    public Materialized<K, V> withRetention(Duration retention) {
        Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("Retention must be positive, got " + retention);
        }
        return new Materialized<>(name, keySerde, valueSerde, retention, inMemory);
    }

    /** Keeps the store in memory instead of RocksDB: it restores its whole changelog on every start. */
    public Materialized<K, V> inMemory() {
        return new Materialized<>(name, keySerde, valueSerde, retention, true);
    }

    /** The store name, or empty for a generated one. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public Optional<Serde<K>> keySerde() {
        return Optional.ofNullable(keySerde);
    }

    public Optional<Serde<V>> valueSerde() {
        return Optional.ofNullable(valueSerde);
    }

    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    public boolean isInMemory() {
        return inMemory;
    }
}
