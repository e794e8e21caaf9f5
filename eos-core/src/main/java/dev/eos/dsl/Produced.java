package dev.eos.dsl;

import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * How to write a sink topic: serdes, an optional {@link Partitioner} and an optional name for the
 * sink node. Immutable; every {@code with*} returns a new instance.
 *
 * <pre>{@code
 * stream.to("orders-by-user", Produced.with(Serdes.String(), orderSerde)
 *         .withPartitioner((topic, key, value, n) -> Math.floorMod(key.hashCode(), n))
 *         .withName("orders-sink"));
 * }</pre>
 */
public final class Produced<K, V> {
    private final Serde<K> keySerde;
    private final Serde<V> valueSerde;
    private final Partitioner<? super K, ? super V> partitioner;
    private final String name;

    private Produced(Serde<K> keySerde, Serde<V> valueSerde,
                     Partitioner<? super K, ? super V> partitioner, String name) {
        this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
        this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        this.partitioner = partitioner;
        this.name = name;
    }

    public static <K, V> Produced<K, V> with(Serde<K> keySerde, Serde<V> valueSerde) {
        return new Produced<>(keySerde, valueSerde, null, null);
    }

    /** Uses {@code partitioner} instead of the default murmur2-of-the-serialized-key placement. */
    public Produced<K, V> withPartitioner(Partitioner<? super K, ? super V> partitioner) {
        return new Produced<>(keySerde, valueSerde, Objects.requireNonNull(partitioner, "partitioner"), name);
    }

    public Produced<K, V> withName(String name) {
        return new Produced<>(keySerde, valueSerde, partitioner, Objects.requireNonNull(name, "name"));
    }

    public Serde<K> keySerde() {
        return keySerde;
    }

    public Serde<V> valueSerde() {
        return valueSerde;
    }

    /** The custom partitioner, or empty for the default placement. */
    public Optional<Partitioner<? super K, ? super V>> partitioner() {
        return Optional.ofNullable(partitioner);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }
}
