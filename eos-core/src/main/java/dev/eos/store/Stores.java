package dev.eos.store;

import java.time.Duration;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * Declares state stores for the processor API (the DSL declares its own through
 * {@code Materialized}).
 *
 * <pre>{@code
 * PipelineBuilder builder = new PipelineBuilder();
 * builder.addStateStore(Stores.keyValue("counts", Serdes.String(), Serdes.Long()));
 * builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
 *        .process(CountByUser::new, "counts")
 *        .to("click-counts", Produced.with(Serdes.String(), Serdes.Long()));
 * }</pre>
 */
public final class Stores {
    private Stores() {
    }

    /** A key-value store on RocksDB. */
    public static <K, V> StoreSpec<K, V> keyValue(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return new StoreSpec<>(name, StoreSpec.Kind.KEY_VALUE, keySerde, valueSerde, null, false);
    }

    /** A window store on RocksDB keeping each window for {@code retention} of stream time after its start. */
    public static <K, V> StoreSpec<K, V> window(String name, Serde<K> keySerde, Serde<V> valueSerde,
                                                Duration retention) {
        return new StoreSpec<>(name, StoreSpec.Kind.WINDOW, keySerde, valueSerde,
                Objects.requireNonNull(retention, "retention"), false);
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !name.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException("Store name '" + name + "' is not usable in a topic name: "
                    + "use only letters, digits, '.', '_' and '-'");
        }
        return name;
    }
}
