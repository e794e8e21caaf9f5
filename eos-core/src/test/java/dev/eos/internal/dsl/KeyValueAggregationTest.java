package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;
import dev.eos.store.Stores;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueAggregationTest {
    @TempDir
    Path dir;

    private <VA> FakeContext<String, VA> context(KeyValueAggregation<String, String, VA> agg,
                                                 org.apache.kafka.common.serialization.Serde<VA> valueSerde) {
        FakeContext<String, VA> ctx = new FakeContext<>(dir);
        ctx.addKeyValueStore(Stores.keyValue("agg", Serdes.String(), valueSerde));
        agg.init(ctx);
        return ctx;
    }

    @Test
    void shouldCountPerKeyAndEmitEveryNewCount() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Long> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>("a", "x", 1));
        ctx.process(count, new Record<>("b", "y", 2));
        ctx.process(count, new Record<>("a", "z", 3));
        assertThat(ctx.forwarded()).containsExactly(
                new Record<>("a", 1L, 1), new Record<>("b", 1L, 2), new Record<>("a", 2L, 3));
        KeyValueStore<String, Long> store = ctx.getStateStore("agg");
        assertThat(store.get("a")).isEqualTo(2L);
        assertThat(store.get("b")).isEqualTo(1L);
    }

    @Test
    void shouldReduceStartingFromTheFirstValue() {
        KeyValueAggregation<String, String, String> reduce = new KeyValueAggregation<>("REDUCE", "agg",
                Aggregation.reduce((agg, v) -> agg + "+" + v));
        FakeContext<String, String> ctx = context(reduce, Serdes.String());
        ctx.process(reduce, new Record<>("k", "a", 1));
        ctx.process(reduce, new Record<>("k", "b", 2));
        ctx.process(reduce, new Record<>("k", "c", 3));
        assertThat(ctx.forwarded()).extracting(Record::value).containsExactly("a", "a+b", "a+b+c");
    }

    @Test
    void shouldAggregateFromTheInitializerAndPassTheKey() {
        KeyValueAggregation<String, String, Integer> sumLengths = new KeyValueAggregation<>("AGGREGATE", "agg",
                Aggregation.aggregate(() -> 100, (k, v, agg) -> agg + v.length() + k.length()));
        FakeContext<String, Integer> ctx = context(sumLengths, Serdes.Integer());
        ctx.process(sumLengths, new Record<>("kk", "abc", 1));
        ctx.process(sumLengths, new Record<>("kk", "d", 2));
        assertThat(ctx.forwarded()).extracting(Record::value).containsExactly(105, 108);
    }

    @Test
    void shouldDropRecordsWithNullKeyOrNullValue() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Long> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>(null, "x", 1));
        ctx.process(count, new Record<>(null, "y", 2));
        ctx.process(count, new Record<>("a", null, 3));
        ctx.process(count, new Record<>("a", "x", 4));
        assertThat(ctx.forwarded()).containsExactly(new Record<>("a", 1L, 4));
    }

    @Test
    void shouldDeleteTheKeyAndEmitATombstoneWhenTheAggregatorReturnsNull() {
        KeyValueAggregation<String, String, String> lastUnlessDelete = new KeyValueAggregation<>("REDUCE", "agg",
                Aggregation.reduce((agg, v) -> v.equals("delete") ? null : v));
        FakeContext<String, String> ctx = context(lastUnlessDelete, Serdes.String());
        ctx.process(lastUnlessDelete, new Record<>("k", "a", 1));
        ctx.process(lastUnlessDelete, new Record<>("k", "delete", 2));
        ctx.process(lastUnlessDelete, new Record<>("k", "b", 3));
        assertThat(ctx.forwarded()).containsExactly(
                new Record<>("k", "a", 1), new Record<>("k", null, 2), new Record<>("k", "b", 3));
        KeyValueStore<String, String> store = ctx.getStateStore("agg");
        assertThat(store.get("k")).isEqualTo("b");
    }

    @Test
    void shouldEmitNothingWhenAnAbsentKeyStaysAbsent() {
        KeyValueAggregation<String, String, String> alwaysNull = new KeyValueAggregation<>("AGGREGATE", "agg",
                Aggregation.aggregate(() -> "init", (k, v, agg) -> null));
        FakeContext<String, String> ctx = context(alwaysNull, Serdes.String());
        ctx.process(alwaysNull, new Record<>("k", "a", 1));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void shouldKeepNoStateOutsideTheStore() {
        KeyValueAggregation<String, String, Long> first = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Long> ctx = context(first, Serdes.Long());
        ctx.process(first, new Record<>("a", "x", 1));
        // a new instance over the same store (as after a task restart) continues from the store
        KeyValueAggregation<String, String, Long> second = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        second.init(ctx);
        ctx.process(second, new Record<>("a", "y", 2));
        assertThat(ctx.forwarded()).extracting(Record::value).containsExactly(1L, 2L);
    }
}
