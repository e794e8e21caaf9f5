package dev.eos.internal.dsl;

import dev.eos.dsl.BranchedStreams;
import dev.eos.dsl.EventStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiPredicate;

/**
 * The branches of a split of a stream whose key may have changed: the branch streams remember
 * it, so that grouping or joining them asks for a repartition as the unsplit stream would.
 */
final class RekeyedBranches<K, V> implements BranchedStreams<K, V> {
    private final BranchedStreams<K, V> branches;

    RekeyedBranches(BranchedStreams<K, V> branches) {
        this.branches = branches;
    }

    @Override
    public BranchedStreams<K, V> branch(String name, BiPredicate<? super K, ? super V> predicate) {
        branches.branch(name, predicate);
        return this;
    }

    @Override
    public Map<String, EventStream<K, V>> defaultBranch(String name) {
        return rekeyed(branches.defaultBranch(name));
    }

    @Override
    public Map<String, EventStream<K, V>> noDefaultBranch() {
        return rekeyed(branches.noDefaultBranch());
    }

    private static <K, V> Map<String, EventStream<K, V>> rekeyed(Map<String, EventStream<K, V>> streams) {
        Map<String, EventStream<K, V>> out = new LinkedHashMap<>();
        streams.forEach((name, stream) -> out.put(name, ((PlanStream<K, V>) stream).withKeyMayHaveChanged()));
        return Collections.unmodifiableMap(out);
    }
}
