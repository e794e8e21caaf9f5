package dev.eos.store;

import java.util.Objects;

/**
 * A key and the time window it was aggregated in: {@code [startMs, endMs)}.
 *
 * <pre>{@code
 * clicksPerMinute.toStream()
 *         .map((windowed, count) -> KeyValue.pair(windowed.key() + "@" + windowed.startMs(), count));
 * }</pre>
 */
public record Windowed<K>(K key, long startMs, long endMs) {
    public Windowed {
        Objects.requireNonNull(key, "key");
        if (endMs < startMs) {
            throw new IllegalArgumentException("window end " + endMs + " before start " + startMs);
        }
    }
}
