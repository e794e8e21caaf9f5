package dev.eos.internal.state;

import dev.eos.internal.serde.DependencyUnavailable;
import dev.eos.dsl.KeyValue;
import dev.eos.state.KeyValueIterator;
import dev.eos.state.WindowBytesStore;
import dev.eos.state.WindowKeys;
import dev.eos.store.StoreIterator;
import dev.eos.store.StoreSpec;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A typed window store shard. Its changelog key is {@link WindowKeys#encode} of the serialized
 * key and the window start. {@link Windowed#endMs()} of entries read back is the start plus the
 * window size when the store knows it (DSL windows), else the start.
 */
public final class ChangeloggedWindowStore<K, V> extends ChangeloggedStore implements WindowStore<K, V> {
    private final WindowBytesStore bytes;
    private final String topic;
    private final Serializer<K> keys;
    private final Serializer<V> values;
    private final Deserializer<K> keyReader;
    private final Deserializer<V> valueReader;
    private final LongSupplier timestamps;
    private final long windowSizeMs;

    public ChangeloggedWindowStore(StoreSpec<K, V> spec, WindowBytesStore engine, ChangelogWriter changelog,
                                   LongSupplier timestamps, long windowSizeMs) {
        super(spec, engine, changelog);
        this.bytes = engine;
        this.topic = changelog.partition().topic();
        String where = "A serde of store " + spec.name();
        this.keys = DependencyUnavailable.watching(spec.keySerde().serializer(), where);
        this.values = DependencyUnavailable.watching(spec.valueSerde().serializer(), where);
        this.keyReader = DependencyUnavailable.watching(spec.keySerde().deserializer(), where);
        this.valueReader = DependencyUnavailable.watching(spec.valueSerde().deserializer(), where);
        this.timestamps = timestamps;
        this.windowSizeMs = windowSizeMs;
    }

    @Override
    public void put(K key, long windowStart, V value) {
        byte[] k = keyBytes(key);
        byte[] v = value == null ? null : values.serialize(topic, value);
        bytes.put(k, windowStart, v);
        changelog.send(WindowKeys.encode(k, windowStart), v, timestamps.getAsLong());
    }

    @Override
    public V fetch(K key, long windowStart) {
        byte[] raw = bytes.fetch(keyBytes(key), windowStart);
        return raw == null ? null : valueReader.deserialize(topic, raw);
    }

    @Override
    public StoreIterator<Windowed<K>, V> fetch(K key, long timeFrom, long timeTo) {
        return typed(bytes.fetch(keyBytes(key), timeFrom, timeTo));
    }

    @Override
    public StoreIterator<Windowed<K>, V> fetchAll(long timeFrom, long timeTo) {
        return typed(bytes.fetchAll(timeFrom, timeTo));
    }

    @Override
    public long retentionMs() {
        return bytes.retentionMs();
    }

    @Override
    public void advanceTime(long streamTime) {
        bytes.advanceTime(streamTime);
    }

    private byte[] keyBytes(K key) {
        if (key == null) {
            throw new NullPointerException("State store '" + name() + "' does not accept null keys");
        }
        return keys.serialize(topic, key);
    }

    private StoreIterator<Windowed<K>, V> typed(KeyValueIterator it) {
        return new StoreIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Windowed<K>, V> next() {
                KeyValueIterator.Entry e = it.next();
                long start = WindowKeys.windowStart(e.key());
                K key = keyReader.deserialize(topic, WindowKeys.key(e.key()));
                return KeyValue.of(new Windowed<>(key, start, start + windowSizeMs),
                        valueReader.deserialize(topic, e.value()));
            }

            @Override
            public void close() {
                it.close();
            }
        };
    }
}
