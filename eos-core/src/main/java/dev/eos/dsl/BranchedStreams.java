package dev.eos.dsl;

import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The branches of {@link EventStream#split()}. A record goes to the first branch whose predicate
 * matches; records matching none go to the default branch, or are dropped without one.
 *
 * <pre>{@code
 * Map<String, EventStream<String, Long>> b = stream.split()
 *         .branch("negative", (k, v) -> v < 0)
 *         .defaultBranch("rest");
 * b.get("negative").to("alerts", Produced.with(strings, longs));
 * }</pre>
 */
public interface BranchedStreams<K, V> {

    /** Adds a branch; names must be unique within one split. */
    BranchedStreams<K, V> branch(String name, BiPredicate<? super K, ? super V> predicate);

    /** Ends the split with a branch for the records no predicate matched; returns all branches by name. */
    Map<String, EventStream<K, V>> defaultBranch(String name);

    /** Ends the split, dropping the records no predicate matched; returns the branches by name. */
    Map<String, EventStream<K, V>> noDefaultBranch();
}
