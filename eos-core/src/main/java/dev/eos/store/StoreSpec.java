package dev.eos.store;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * The declaration of a state store: name, kind, serdes, where it lives. Immutable; made by
 * {@link Stores}, added with {@code PipelineBuilder.addStateStore(spec)} and connected to
 * processors by name in {@code stream.process(supplier, "name")}.
 *
 * <pre>{@code
 * builder.addStateStore(Stores.keyValue("counts", Serdes.String(), Serdes.Long()));
 * builder.addStateStore(Stores.keyValue("sessions", Serdes.String(), sessionSerde).inMemory());
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class StoreSpec<K, V> {
    /** What a store holds. */
    public enum Kind { KEY_VALUE, WINDOW }

    private final String name;
    private final Kind kind;
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Duration retention;
    private final boolean inMemory;
    private final Duration windowSize;

    StoreSpec(String name, Kind kind, Serde<K> keySerde, Serde<V> valueSerde, Duration retention, boolean inMemory) {
        this(name, kind, keySerde, valueSerde, retention, inMemory, null);
    }

    private StoreSpec(String name, Kind kind, Serde<K> keySerde, Serde<V> valueSerde, Duration retention,
                      boolean inMemory, Duration windowSize) {
        this.windowSize = windowSize;
        this.name = Stores.checkName(name);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.retention = retention;
        this.inMemory = inMemory;
        if (kind == Kind.WINDOW && (retention == null || retention.isNegative() || retention.isZero())) {
            throw new IllegalArgumentException("Window store '" + name + "' needs a positive retention, got " + retention);
        }
    }

    /** The same store kept in memory instead of RocksDB: restored from its whole changelog on every start. */
    public StoreSpec<K, V> inMemory() {
        return new StoreSpec<>(name, kind, keySerde, valueSerde, retention, true, windowSize);
    }

    /**
     * For window stores holding fixed-size windows: their size, so entries read back carry
     * their end ({@link Windowed#endMs()}). Without it the end equals the start.
     */
    public StoreSpec<K, V> withWindowSize(Duration size) {
        if (kind != Kind.WINDOW) {
            throw new IllegalArgumentException("Only window stores have a window size; '" + name + "' is " + kind);
        }
        return new StoreSpec<>(name, kind, keySerde, valueSerde, retention, inMemory, size);
    }

    /** The window size given with {@link #withWindowSize}, if any. */
    public Optional<Duration> windowSize() {
        return Optional.ofNullable(windowSize);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    /** For window stores: how long windows are kept after their start, in stream time. */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    public boolean isInMemory() {
        return inMemory;
    }

    /** The changelog topic of this store in application {@code applicationId}. */
    public String changelogTopic(String applicationId) {
        return applicationId + "-" + name + "-changelog";
    }

    @Override
    public String toString() {
        return kind + " store " + name + (inMemory ? " (in memory)" : "")
                + (retention != null ? ", retention " + retention : "");
    }
}
