package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Processor;
import dev.eos.processor.Record;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableOperatorsTest {
    @TempDir
    Path dir;

    @Test
    void filterShouldTurnNonMatchingUpdatesAndTombstonesIntoTombstones() {
        FakeContext<String, Integer> ctx = new FakeContext<>(dir);
        Processor<String, Integer, String, Integer> filter = TableOperators.<String, Integer>filter((k, v) -> v > 10).get();
        filter.init(ctx);
        ctx.process(filter, new Record<>("a", 20, 1));
        ctx.process(filter, new Record<>("a", 5, 2));
        ctx.process(filter, new Record<>("a", null, 3));
        assertThat(ctx.forwarded()).containsExactly(
                new Record<>("a", 20, 1), new Record<>("a", null, 2), new Record<>("a", null, 3));
    }

    @Test
    void mapValuesShouldPassTombstonesWithoutCallingTheMapper() {
        FakeContext<String, String> ctx = new FakeContext<>(dir);
        Processor<String, Integer, String, String> map = TableOperators.<String, Integer, String>mapValues(v -> "#" + v).get();
        map.init(ctx);
        ctx.process(map, new Record<>("a", 1, 1));
        ctx.process(map, new Record<>("a", null, 2));
        assertThat(ctx.forwarded()).containsExactly(new Record<>("a", "#1", 1), new Record<>("a", null, 2));
    }
}
