package dev.eos.dsl;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * How to group a stream for aggregation: the serdes of its keys and values and an optional name.
 * The serdes are the fallback for the state stores of the aggregations (see
 * {@link Materialized}). Immutable; every {@code with*} returns a new instance.
 *
 * <pre>{@code
 * GroupedStream<String, String> byWord = words.groupByKey(
 *         Grouped.with(Serdes.String(), Serdes.String()).withName("by-word"));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class Grouped<K, V> {
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final String name;

    private Grouped(Serde<K> keySerde, Serde<V> valueSerde, String name) {
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.name = name;
    }

    public static <K, V> Grouped<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Grouped<>(keySerde, valueSerde, null);
    }

    /**
     * Names the grouping: the aggregation nodes of this grouped stream are named
     * {@code <name>-COUNT-...}, {@code <name>-REDUCE-...}, {@code <name>-AGGREGATE-...} in
     * {@link Pipeline#describe()}, and the repartition topic of {@code groupBy} (or of
     * {@code groupByKey} after a key change) is {@code <application.id>-<name>-repartition}. Use
     * only letters, digits, {@code .}, {@code _} and {@code -}; the name is not checked here.
     */
    public Grouped<K, V> withName(String name) {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("Grouped name '" + name + "' is not usable in a topic name "
                    + "(it names the repartition topic): use only letters, digits, '.', '_' and '-'");
        }
        return new Grouped<>(keySerde, valueSerde, name);
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }
}
