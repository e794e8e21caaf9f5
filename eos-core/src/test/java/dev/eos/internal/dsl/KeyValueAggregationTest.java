package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;
import dev.eos.store.Stores;
import java.nio.file.Path;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyValueAggregationTest {
    @TempDir
    Path dir;

    private <VA> FakeContext<String, Change<VA>> context(KeyValueAggregation<String, String, VA> agg,
                                                         Serde<VA> valueSerde) {
        FakeContext<String, Change<VA>> ctx = new FakeContext<>(dir);
        ctx.addKeyValueStore(Stores.keyValue("agg", Serdes.String(), new ValueAndTimestampSerde<>(valueSerde)));
        agg.init(ctx);
        return ctx;
    }

    private static <VA> Record<String, Change<VA>> update(String key, VA newValue, VA oldValue, long timestamp) {
        return new Record<>(key, new Change<>(newValue, oldValue), timestamp);
    }

    @Test
    void count_shouldCountPerKeyAndEmitEveryNewCountWithTheCountBefore() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Change<Long>> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>("a", "x", 1));
        ctx.process(count, new Record<>("b", "y", 2));
        ctx.process(count, new Record<>("a", "z", 3));
        // The old value of a key's first update is count's initial 0, as in Kafka Streams.
        assertThat(ctx.forwarded()).containsExactly(
                update("a", 1L, 0L, 1), update("b", 1L, 0L, 2), update("a", 2L, 1L, 3));
        KeyValueStore<String, ValueAndTimestamp<Long>> store = ctx.getStateStore("agg");
        assertThat(store.get("a")).isEqualTo(new ValueAndTimestamp<>(2L, 3));
        assertThat(store.get("b")).isEqualTo(new ValueAndTimestamp<>(1L, 2));
    }

    @Test
    void count_shouldForwardACopyOfTheRecordsHeadersWithTheLargestTimestamp() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Change<Long>> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>("a", "x", 5));
        Record<String, String> late = new Record<>("a", "x", 2,
                new RecordHeaders().add("trace", new byte[] {1}));
        ctx.process(count, late);

        Record<String, Change<Long>> forwarded = ctx.forwarded().get(1);
        assertThat(forwarded).isEqualTo(new Record<>("a", new Change<>(2L, 1L), 5,
                new RecordHeaders().add("trace", new byte[] {1})));
        forwarded.headers().add("added-downstream", new byte[0]);
        assertThat(late.headers().toArray()).as("the input record's headers are not shared").hasSize(1);
    }

    @Test
    void reduce_shouldStartFromTheFirstValueWithNoOldValue() {
        KeyValueAggregation<String, String, String> reduce = new KeyValueAggregation<>("REDUCE", "agg",
                Aggregation.reduce((agg, v) -> agg + "+" + v));
        FakeContext<String, Change<String>> ctx = context(reduce, Serdes.String());
        ctx.process(reduce, new Record<>("k", "a", 1));
        ctx.process(reduce, new Record<>("k", "b", 2));
        ctx.process(reduce, new Record<>("k", "c", 3));
        assertThat(ctx.forwarded()).containsExactly(
                update("k", "a", null, 1), update("k", "a+b", "a", 2), update("k", "a+b+c", "a+b", 3));
    }

    @Test
    void aggregate_shouldStartFromTheInitializerAndPassTheKey() {
        KeyValueAggregation<String, String, Integer> sumLengths = new KeyValueAggregation<>("AGGREGATE", "agg",
                Aggregation.aggregate(() -> 100, (k, v, agg) -> agg + v.length() + k.length()));
        FakeContext<String, Change<Integer>> ctx = context(sumLengths, Serdes.Integer());
        ctx.process(sumLengths, new Record<>("kk", "abc", 1));
        ctx.process(sumLengths, new Record<>("kk", "d", 2));
        assertThat(ctx.forwarded()).containsExactly(update("kk", 105, 100, 1), update("kk", 108, 105, 2));
    }

    @Test
    void aggregation_shouldDropRecordsWithNullKeyOrNullValue() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Change<Long>> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>(null, "x", 1));
        ctx.process(count, new Record<>(null, "y", 2));
        ctx.process(count, new Record<>("a", null, 3));
        ctx.process(count, new Record<>("a", "x", 4));
        assertThat(ctx.forwarded()).containsExactly(update("a", 1L, 0L, 4));
    }

    @Test
    void reduce_shouldDeleteTheKeyAndEmitATombstoneWhenTheReducerReturnsNull() {
        KeyValueAggregation<String, String, String> lastUnlessDelete = new KeyValueAggregation<>("REDUCE", "agg",
                Aggregation.reduce((agg, v) -> v.equals("delete") ? null : v));
        FakeContext<String, Change<String>> ctx = context(lastUnlessDelete, Serdes.String());
        ctx.process(lastUnlessDelete, new Record<>("k", "a", 1));
        ctx.process(lastUnlessDelete, new Record<>("k", "delete", 2));
        ctx.process(lastUnlessDelete, new Record<>("k", "b", 3));
        assertThat(ctx.forwarded()).containsExactly(
                update("k", "a", null, 1), update("k", null, "a", 2), update("k", "b", null, 3));
        KeyValueStore<String, ValueAndTimestamp<String>> store = ctx.getStateStore("agg");
        assertThat(store.get("k")).isEqualTo(new ValueAndTimestamp<>("b", 3));
    }

    @Test
    void aggregate_shouldEmitATombstoneWhenAKeyWithoutAggregateGetsANullOne() {
        KeyValueAggregation<String, String, String> alwaysNull = new KeyValueAggregation<>("AGGREGATE", "agg",
                Aggregation.aggregate(() -> "init", (k, v, agg) -> null));
        FakeContext<String, Change<String>> ctx = context(alwaysNull, Serdes.String());
        ctx.process(alwaysNull, new Record<>("k", "a", 1));
        assertThat(ctx.forwarded()).containsExactly(update("k", null, "init", 1));
        KeyValueStore<String, ValueAndTimestamp<String>> store = ctx.getStateStore("agg");
        assertThat(store.get("k")).isNull();
    }

    @Test
    void count_shouldCarryTheLargestTimestampOfTheKeysRecords() {
        KeyValueAggregation<String, String, Long> count = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Change<Long>> ctx = context(count, Serdes.Long());
        ctx.process(count, new Record<>("a", "x", 2000));
        ctx.process(count, new Record<>("a", "x", 1000));   // out of order: the update stays at 2000
        ctx.process(count, new Record<>("b", "x", 500));    // a new key starts from its own record
        ctx.process(count, new Record<>("a", "x", 3000));
        assertThat(ctx.forwarded()).containsExactly(update("a", 1L, 0L, 2000), update("a", 2L, 1L, 2000),
                update("b", 1L, 0L, 500), update("a", 3L, 2L, 3000));
        KeyValueStore<String, ValueAndTimestamp<Long>> store = ctx.getStateStore("agg");
        assertThat(store.get("a")).isEqualTo(new ValueAndTimestamp<>(3L, 3000));
    }

    @Test
    void reduce_shouldStartAKeyDeletedByTheReducerAtTheNextRecordsTimestamp() {
        KeyValueAggregation<String, String, String> lastUnlessDelete = new KeyValueAggregation<>("REDUCE", "agg",
                Aggregation.reduce((agg, v) -> v.equals("delete") ? null : v));
        FakeContext<String, Change<String>> ctx = context(lastUnlessDelete, Serdes.String());
        ctx.process(lastUnlessDelete, new Record<>("k", "a", 5000));
        ctx.process(lastUnlessDelete, new Record<>("k", "delete", 6000));
        ctx.process(lastUnlessDelete, new Record<>("k", "b", 1000));   // no aggregate any more: its own time
        assertThat(ctx.forwarded()).extracting(Record::timestamp).containsExactly(5000L, 6000L, 1000L);
    }

    @Test
    void aggregation_shouldKeepNoStateOutsideTheStore() {
        KeyValueAggregation<String, String, Long> first = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        FakeContext<String, Change<Long>> ctx = context(first, Serdes.Long());
        ctx.process(first, new Record<>("a", "x", 1));
        // a new instance over the same store (as after a task restart) continues from the store
        KeyValueAggregation<String, String, Long> second = new KeyValueAggregation<>("COUNT", "agg", Aggregation.count());
        second.init(ctx);
        ctx.process(second, new Record<>("a", "y", 2));
        assertThat(ctx.forwarded()).extracting(r -> r.value().newValue()).containsExactly(1L, 2L);
    }
}
