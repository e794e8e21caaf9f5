package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableOperatorsTest {
    @TempDir
    Path dir;

    private static <V> Record<String, Change<V>> update(V newValue, V oldValue, long ts) {
        return new Record<>("a", new Change<>(newValue, oldValue), ts);
    }

    private FakeContext<String, Change<Integer>> filtered(
            Processor<String, Change<Integer>, String, Change<Integer>> filter) {
        FakeContext<String, Change<Integer>> ctx = new FakeContext<>(dir);
        filter.init(ctx);
        return ctx;
    }

    @Test
    void filter_shouldKeepTheNewAndOldValuesThatMatch() {
        Processor<String, Change<Integer>, String, Change<Integer>> filter =
                TableOperators.<String, Integer>filter((k, v) -> v > 10).get();
        FakeContext<String, Change<Integer>> ctx = filtered(filter);
        ctx.process(filter, update(20, null, 1));
        ctx.process(filter, update(30, 20, 2));
        assertThat(ctx.forwarded()).containsExactly(update(20, null, 1), update(30, 20, 2));
    }

    @Test
    void filter_shouldSendATombstoneWhenAKeyStopsMatching() {
        Processor<String, Change<Integer>, String, Change<Integer>> filter =
                TableOperators.<String, Integer>filter((k, v) -> v > 10).get();
        FakeContext<String, Change<Integer>> ctx = filtered(filter);
        ctx.process(filter, update(5, 20, 1));
        ctx.process(filter, update(null, 30, 2));
        assertThat(ctx.forwarded()).containsExactly(update(null, 20, 1), update(null, 30, 2));
    }

    @Test
    void filter_shouldForwardNothingForAKeyThatNeitherMatchedNorMatches() {
        Processor<String, Change<Integer>, String, Change<Integer>> filter =
                TableOperators.<String, Integer>filter((k, v) -> v > 10).get();
        FakeContext<String, Change<Integer>> ctx = filtered(filter);
        ctx.process(filter, update(5, null, 1));
        ctx.process(filter, update(7, 5, 2));
        ctx.process(filter, update(null, 7, 3));
        ctx.process(filter, update(null, null, 4));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void mapValues_withOldValuesRequested_shouldMapNewAndOldValuesAndAlwaysForwardWithoutCallingTheMapperWithNull() {
        FakeContext<String, Change<String>> ctx = new FakeContext<>(dir);
        Processor<String, Change<Integer>, String, Change<String>> map =
                TableOperators.<String, Integer, String>mapValues(v -> "#" + v.intValue(), () -> true).get();
        map.init(ctx);
        ctx.process(map, update(1, null, 1));
        ctx.process(map, update(2, 1, 2));
        ctx.process(map, update(null, 2, 3));
        ctx.process(map, update(null, null, 4));
        assertThat(ctx.forwarded()).containsExactly(update("#1", null, 1), update("#2", "#1", 2),
                update(null, "#2", 3), update(null, null, 4));
    }

    @Test
    void mapValues_withoutOldValuesRequested_shouldCallTheMapperOncePerUpdateAndForwardANullOldValue() {
        FakeContext<String, Change<Integer>> ctx = new FakeContext<>(dir);
        List<Long> mapped = new ArrayList<>();
        Processor<String, Change<Long>, String, Change<Integer>> map =
                TableOperators.<String, Long, Integer>mapValues(n -> {
                    mapped.add(n);
                    return (int) (1000 / n);
                }, () -> false).get();
        map.init(ctx);
        ctx.process(map, update(1L, 0L, 1));
        ctx.process(map, update(2L, 1L, 2));
        ctx.process(map, update(null, 2L, 3));
        assertThat(ctx.forwarded()).containsExactly(update(1000, null, 1), update(500, null, 2),
                update(null, null, 3));
        assertThat(mapped).as("the mapper saw only new values").containsExactly(1L, 2L);
    }

    @Test
    void mapValues_shouldReadWhetherToSendOldValuesWhenTheProcessorIsCreated() {
        boolean[] requested = {false};
        ProcessorSupplier<String, Change<Integer>, String, Change<Integer>> supplier =
                TableOperators.<String, Integer, Integer>mapValues(v -> v * 10, () -> requested[0]);
        requested[0] = true;
        FakeContext<String, Change<Integer>> ctx = new FakeContext<>(dir);
        Processor<String, Change<Integer>, String, Change<Integer>> map = supplier.get();
        map.init(ctx);
        ctx.process(map, update(2, 1, 1));
        assertThat(ctx.forwarded()).containsExactly(update(20, 10, 1));
    }

    @Test
    void toStream_shouldForwardTheNewValueWithTheUpdatesTimestamp() {
        FakeContext<String, Integer> ctx = new FakeContext<>(dir);
        Processor<String, Change<Integer>, String, Integer> toStream = TableOperators.<String, Integer>toStream().get();
        toStream.init(ctx);
        ctx.process(toStream, update(1, null, 5));
        ctx.process(toStream, update(null, 1, 7));
        assertThat(ctx.forwarded()).containsExactly(new Record<>("a", 1, 5), new Record<>("a", null, 7));
    }
}
