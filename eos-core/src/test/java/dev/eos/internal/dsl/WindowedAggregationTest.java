package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.dsl.TimeWindows;
import dev.eos.processor.Record;
import dev.eos.store.Stores;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowedAggregationTest {
    @TempDir
    Path dir;

    private FakeContext<Windowed<String>, Change<Long>> ctx;
    /** The context of an aggregation made by {@link #windowed}. */
    private FakeContext<Windowed<String>, Change<String>> aggCtx;

    private WindowedAggregation<String, String, Long> count(TimeWindows windows) {
        ctx = new FakeContext<>(dir);
        ctx.addWindowStore(Stores.window("w", Serdes.String(), new ValueAndTimestampSerde<>(Serdes.Long()),
                        Duration.ofMillis(windows.sizeMs() + windows.graceMs()))
                .withWindowSize(Duration.ofMillis(windows.sizeMs())));
        WindowedAggregation<String, String, Long> agg =
                new WindowedAggregation<>("WINDOWED-COUNT", "w", windows, Aggregation.count());
        agg.init(ctx);
        return agg;
    }

    /** A count update: the old value is the count before, 0 for a new window (count's initial value). */
    private static Record<Windowed<String>, Change<Long>> update(String key, long start, long end, long count,
                                                                 long ts) {
        return new Record<>(new Windowed<>(key, start, end), new Change<>(count, count - 1), ts);
    }

    @Test
    void shouldCountPerTumblingWindowAndEmitEachUpdate() {
        WindowedAggregation<String, String, Long> agg = count(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)));
        ctx.process(agg, new Record<>("a", "x", 1));
        ctx.process(agg, new Record<>("a", "x", 9));
        ctx.process(agg, new Record<>("a", "x", 10));
        ctx.process(agg, new Record<>("b", "x", 12));
        assertThat(ctx.forwarded()).containsExactly(
                update("a", 0, 10, 1, 1), update("a", 0, 10, 2, 9),
                update("a", 10, 20, 1, 10), update("b", 10, 20, 1, 12));
    }

    @Test
    void shouldUpdateEveryHoppingWindowThatContainsTheRecord() {
        WindowedAggregation<String, String, Long> agg = count(
                TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 3));   // only [0,10): no negative starts
        ctx.process(agg, new Record<>("a", "x", 7));   // [0,10) and [5,15)
        assertThat(ctx.forwarded()).containsExactly(
                update("a", 0, 10, 1, 3), update("a", 0, 10, 2, 7), update("a", 5, 15, 1, 7));
    }

    @Test
    void shouldForwardEachHoppingWindowsUpdateWithItsOwnCopyOfTheRecordsHeaders() {
        WindowedAggregation<String, String, Long> agg = count(
                TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 7, new RecordHeaders().add("trace", new byte[] {1})));

        assertThat(ctx.forwarded()).containsExactly(
                new Record<>(new Windowed<>("a", 0, 10), new Change<>(1L, 0L), 7,
                        new RecordHeaders().add("trace", new byte[] {1})),
                new Record<>(new Windowed<>("a", 5, 15), new Change<>(1L, 0L), 7,
                        new RecordHeaders().add("trace", new byte[] {1})));
        ctx.forwarded().get(0).headers().add("added-downstream", new byte[0]);
        assertThat(ctx.forwarded().get(1).headers().toArray()).hasSize(1);
    }

    @Test
    void shouldComputeWindowStartsAlignedToTheAdvance() {
        TimeWindows hopping = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(3));
        assertThat(WindowedAggregation.firstWindowStart(0, hopping)).isEqualTo(0);
        assertThat(WindowedAggregation.firstWindowStart(25, hopping)).isEqualTo(18); // 18, 21, 24 contain 25
        TimeWindows tumbling = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10));
        assertThat(WindowedAggregation.firstWindowStart(25, tumbling)).isEqualTo(20);
    }

    @Test
    void shouldCountAnOutOfOrderRecordWithinGrace() {
        WindowedAggregation<String, String, Long> agg =
                count(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 5));
        ctx.process(agg, new Record<>("a", "x", 14));  // stream time 14: [0,10) closes at 15
        ctx.process(agg, new Record<>("a", "x", 2));   // late but within grace
        assertThat(ctx.drain()).containsExactly(
                update("a", 0, 10, 1, 5), update("a", 10, 20, 1, 14), update("a", 0, 10, 2, 5));
        WindowStore<String, ValueAndTimestamp<Long>> store = ctx.getStateStore("w");
        assertThat(store.fetch("a", 0)).isEqualTo(new ValueAndTimestamp<>(2L, 5));
    }

    @Test
    void shouldDropARecordForAWindowClosedBeyondGrace() {
        WindowedAggregation<String, String, Long> agg =
                count(TimeWindows.ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 5));
        ctx.process(agg, new Record<>("a", "x", 15));  // stream time 15: [0,10) is closed (10 + 5 <= 15)
        ctx.process(agg, new Record<>("a", "x", 9));   // dropped
        ctx.process(agg, new Record<>("a", "x", 3));   // dropped
        assertThat(ctx.drain()).containsExactly(update("a", 0, 10, 1, 5), update("a", 10, 20, 1, 15));
        assertThat(agg.lateRecordsDropped()).isEqualTo(2);
    }

    @Test
    void shouldDropALateRecordOnlyForItsClosedHoppingWindows() {
        WindowedAggregation<String, String, Long> agg = count(
                TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)).advanceBy(Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 12));  // [5,15) and [10,20)
        ctx.drain();
        ctx.process(agg, new Record<>("a", "x", 8));   // [0,10) closed at 10 <= 12; [5,15) still open
        assertThat(ctx.drain()).as("[5,15) keeps the larger timestamp 12").containsExactly(update("a", 5, 15, 2, 12));
    }

    @Test
    void shouldDropRecordsWithANullKey() {
        WindowedAggregation<String, String, Long> agg = count(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)));
        ctx.process(agg, new Record<>(null, "x", 1));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void windowedCount_shouldCountRecordsWithANullValue() {
        WindowedAggregation<String, String, Long> agg = count(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)));
        ctx.process(agg, new Record<>("a", null, 1));
        ctx.process(agg, new Record<>("a", "x", 2));
        assertThat(ctx.forwarded()).containsExactly(update("a", 0, 10, 1, 1), update("a", 0, 10, 2, 2));
    }

    @Test
    void windowedCount_shouldCarryTheLargestTimestampOfEachWindowsRecords() {
        WindowedAggregation<String, String, Long> agg = count(TimeWindows
                .ofSizeAndGrace(Duration.ofMillis(10), Duration.ofMillis(10)).advanceBy(Duration.ofMillis(5)));
        ctx.process(agg, new Record<>("a", "x", 8));   // [0,10) and [5,15)
        ctx.process(agg, new Record<>("a", "x", 6));   // both again: each keeps 8
        ctx.process(agg, new Record<>("a", "x", 3));   // only [0,10)
        assertThat(ctx.forwarded()).containsExactly(
                update("a", 0, 10, 1, 8), update("a", 5, 15, 1, 8),
                update("a", 0, 10, 2, 8), update("a", 5, 15, 2, 8),
                update("a", 0, 10, 3, 8));
        WindowStore<String, ValueAndTimestamp<Long>> store = ctx.getStateStore("w");
        assertThat(store.fetch("a", 5)).isEqualTo(new ValueAndTimestamp<>(2L, 8));
    }

    /** A windowed aggregation of strings into strings, its context in {@link #aggCtx}. */
    private WindowedAggregation<String, String, String> windowed(TimeWindows windows,
                                                                 Aggregation<String, String, String> aggregation) {
        aggCtx = new FakeContext<>(dir);
        aggCtx.addWindowStore(Stores.window("w", Serdes.String(), new ValueAndTimestampSerde<>(Serdes.String()),
                        Duration.ofMillis(windows.sizeMs() + windows.graceMs()))
                .withWindowSize(Duration.ofMillis(windows.sizeMs())));
        WindowedAggregation<String, String, String> agg = new WindowedAggregation<>("W", "w", windows, aggregation);
        agg.init(aggCtx);
        return agg;
    }

    @Test
    void windowedReduce_shouldTakeANullFirstValueAsTheAggregateAndEmitATombstone() {
        List<String> reducerCalls = new ArrayList<>();
        WindowedAggregation<String, String, String> agg = windowed(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)),
                Aggregation.reduce((a, v) -> {
                    reducerCalls.add(a + "," + v);
                    return v == null ? a + "!" : a + v;
                }));
        aggCtx.process(agg, new Record<>("a", null, 1));   // no aggregate: the null is the aggregate
        aggCtx.process(agg, new Record<>("a", "x", 2));
        aggCtx.process(agg, new Record<>("a", null, 3));   // reducer(agg, null)
        assertThat(aggCtx.forwarded()).extracting(Record::value).containsExactly(
                new Change<>(null, null), new Change<>("x", null), new Change<>("x!", "x"));
        assertThat(reducerCalls).containsExactly("x,null");
    }

    @Test
    void windowedAggregate_shouldPassANullValueToTheAggregator() {
        WindowedAggregation<String, String, String> agg = windowed(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)),
                Aggregation.aggregate(() -> "", (k, v, a) -> a + (v == null ? "_" : v)));
        aggCtx.process(agg, new Record<>("a", null, 1));
        aggCtx.process(agg, new Record<>("a", "y", 2));
        assertThat(aggCtx.forwarded()).extracting(Record::value).containsExactly(
                new Change<>("_", ""), new Change<>("_y", "_"));
    }

    @Test
    void shouldReduceAndAggregatePerWindow() {
        ctx = new FakeContext<>(dir);
        TimeWindows windows = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10));
        ctx.addWindowStore(Stores.window("w", Serdes.String(), new ValueAndTimestampSerde<>(Serdes.Long()),
                        Duration.ofMillis(10)).withWindowSize(Duration.ofMillis(10)));
        WindowedAggregation<String, Long, Long> max = new WindowedAggregation<>("WINDOWED-REDUCE", "w", windows,
                Aggregation.reduce(Math::max));
        max.init(ctx);
        ctx.process(max, new Record<>("a", 4L, 1));
        ctx.process(max, new Record<>("a", 2L, 2));
        ctx.process(max, new Record<>("a", 7L, 11));
        assertThat(ctx.forwarded()).extracting(r -> r.value().newValue()).containsExactly(4L, 4L, 7L);
    }
}
