package dev.eos.internal.state;

import dev.eos.internal.serde.DependencyUnavailable;
import dev.eos.dsl.KeyValue;
import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.KeyValueIterator;
import dev.eos.store.KeyValueStore;
import dev.eos.store.StoreIterator;
import dev.eos.store.StoreSpec;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** A typed key-value store shard: serdes over a bytes engine store, every write changelogged. */
public final class ChangeloggedKeyValueStore<K, V> extends ChangeloggedStore implements KeyValueStore<K, V> {
    private final KeyValueBytesStore bytes;
    private final String topic;
    private final Serializer<K> keys;
    private final Serializer<V> values;
    private final Deserializer<K> keyReader;
    private final Deserializer<V> valueReader;
    private final LongSupplier timestamps;

    public ChangeloggedKeyValueStore(StoreSpec<K, V> spec, KeyValueBytesStore engine, ChangelogWriter changelog,
                                     LongSupplier timestamps) {
        super(spec, engine, changelog);
        this.bytes = engine;
        this.topic = changelog.partition().topic();
        String where = "A serde of store " + spec.name();
        this.keys = DependencyUnavailable.watching(spec.keySerde().serializer(), where);
        this.values = DependencyUnavailable.watching(spec.valueSerde().serializer(), where);
        this.keyReader = DependencyUnavailable.watching(spec.keySerde().deserializer(), where);
        this.valueReader = DependencyUnavailable.watching(spec.valueSerde().deserializer(), where);
        this.timestamps = timestamps;
    }

    @Override
    public V get(K key) {
        return value(bytes.get(keyBytes(key)));
    }

    @Override
    public void put(K key, V value) {
        write(keyBytes(key), value == null ? null : values.serialize(topic, value));
    }

    @Override
    public V putIfAbsent(K key, V value) {
        byte[] k = keyBytes(key);
        byte[] existing = bytes.get(k);
        if (existing != null) {
            return value(existing);
        }
        write(k, value == null ? null : values.serialize(topic, value));
        return null;
    }

    @Override
    public V delete(K key) {
        byte[] k = keyBytes(key);
        byte[] existing = bytes.get(k);
        if (existing != null) {
            write(k, null);
        }
        return value(existing);
    }

    @Override
    public StoreIterator<K, V> range(K from, K to) {
        return typed(bytes.range(from == null ? null : keyBytes(from), to == null ? null : keyBytes(to)));
    }

    @Override
    public <P> StoreIterator<K, V> prefixScan(P prefix, Serializer<P> prefixSerializer) {
        return typed(bytes.prefixScan(prefixSerializer.serialize(topic, prefix)));
    }

    @Override
    public StoreIterator<K, V> all() {
        return typed(bytes.all());
    }

    @Override
    public long approximateNumEntries() {
        return bytes.approximateNumEntries();
    }

    private void write(byte[] key, byte[] value) {
        bytes.put(key, value);
        changelog.send(key, value, timestamps.getAsLong());
    }

    private byte[] keyBytes(K key) {
        if (key == null) {
            throw new NullPointerException("State store '" + name() + "' does not accept null keys");
        }
        return keys.serialize(topic, key);
    }

    private V value(byte[] raw) {
        return raw == null ? null : valueReader.deserialize(topic, raw);
    }

    private StoreIterator<K, V> typed(KeyValueIterator it) {
        return new StoreIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<K, V> next() {
                KeyValueIterator.Entry e = it.next();
                return KeyValue.of(keyReader.deserialize(topic, e.key()), value(e.value()));
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
