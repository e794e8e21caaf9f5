package dev.eos.internal.config;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An unmodifiable copy of some settings that hands out the real values (the clients need them)
 * but prints secret ones as {@value SecretKeys#HIDDEN}: its {@code toString()}, and that of its
 * entries, entry set and values, go through {@link SecretKeys}. So a map returned by a public
 * accessor of {@code EosConfig} cannot leak a password into a log line by being printed.
 *
 * <pre>{@code
 * Map<String, Object> m = SecretHidingMap.copyOf(Map.of("ssl.key.password", "s3cret"));
 * m.get("ssl.key.password");   // "s3cret"
 * m.toString();                // "{ssl.key.password=[hidden]}"
 * }</pre>
 */
public final class SecretHidingMap extends AbstractMap<String, Object> {
    private final Map<String, Object> values;

    private SecretHidingMap(Map<String, Object> values) {
        this.values = values;
    }

    /** An unmodifiable copy of {@code values}, in their iteration order. */
    public static Map<String, Object> copyOf(Map<String, ?> values) {
        return new SecretHidingMap(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    @Override
    public Object get(Object key) {
        return values.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return values.containsKey(key);
    }

    @Override
    public int size() {
        return values.size();
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, Object>> iterator() {
                Iterator<Entry<String, Object>> raw = values.entrySet().iterator();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return raw.hasNext();
                    }

                    @Override
                    public Entry<String, Object> next() {
                        return new HidingEntry(raw.next());
                    }
                };
            }

            @Override
            public int size() {
                return values.size();
            }
        };
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return Collections.unmodifiableCollection(values.values()).iterator();
            }

            @Override
            public int size() {
                return values.size();
            }

            @Override
            public String toString() {
                StringBuilder sb = new StringBuilder("[");
                values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(SecretKeys.shown(k, v)));
                return sb.append(']').toString();
            }
        };
    }

    @Override
    public String toString() {
        return SecretKeys.describe(values);
    }

    private static final class HidingEntry extends SimpleImmutableEntry<String, Object> {
        HidingEntry(Entry<String, Object> e) {
            super(e.getKey(), e.getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + SecretKeys.shown(getKey(), getValue());
        }
    }
}
