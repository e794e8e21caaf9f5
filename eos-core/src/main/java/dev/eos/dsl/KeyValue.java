package dev.eos.dsl;

/**
 * A key and a value, returned by {@link EventStream#map} and {@link EventStream#flatMap}.
 *
 * <pre>{@code
 * stream.map((k, v) -> KeyValue.of(v.userId(), v));
 * }</pre>
 */
public record KeyValue<K, V>(K key, V value) {
    public static <K, V> KeyValue<K, V> of(K key, V value) {
        return new KeyValue<>(key, value);
    }
}
