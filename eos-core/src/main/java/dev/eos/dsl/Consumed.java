package dev.eos.dsl;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * How to read a source topic: the serdes for its keys and values and an optional name for the
 * source node. Immutable; every {@code with*} returns a new instance.
 *
 * <pre>{@code
 * builder.stream("orders", Consumed.with(Serdes.String(), orderSerde).withName("orders-source"));
 * }</pre>
 */
public final class Consumed<K, V> {
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final String name;

    private Consumed(Serde<K> keySerde, Serde<V> valueSerde, String name) {
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.name = name;
    }

    public static <K, V> Consumed<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Consumed<>(keySerde, valueSerde, null);
    }

    public Consumed<K, V> withName(String name) {
        return new Consumed<>(keySerde, valueSerde, Objects.requireNonNull(name, "name"));
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
