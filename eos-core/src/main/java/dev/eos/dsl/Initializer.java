package dev.eos.dsl;

/**
 * Creates the starting aggregate of a key that has none yet, for
 * {@link GroupedStream#aggregate(Initializer, Aggregator, Materialized)}.
 *
 * <pre>{@code
 * Initializer<Long> zero = () -> 0L;
 * }</pre>
 *
 * @param <VA> aggregate type
 */
@FunctionalInterface
public interface Initializer<VA> {
    /** The aggregate before the first record of a key (or of a window). */
    VA apply();
}
