package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.dsl.TimeWindows;
import dev.eos.processor.Record;
import dev.eos.store.Stores;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WindowedAggregationTest {
    @TempDir
    Path dir;

    private FakeContext<Windowed<String>, Long> ctx;

    private WindowedAggregation<String, String, Long> count(TimeWindows windows) {
        ctx = new FakeContext<>(dir);
        ctx.addWindowStore(Stores.window("w", Serdes.String(), Serdes.Long(),
                        Duration.ofMillis(windows.sizeMs() + windows.graceMs()))
                .withWindowSize(Duration.ofMillis(windows.sizeMs())));
        WindowedAggregation<String, String, Long> agg =
                new WindowedAggregation<>("WINDOWED-COUNT", "w", windows, Aggregation.count());
        agg.init(ctx);
        return agg;
    }

    private static Record<Windowed<String>, Long> update(String key, long start, long end, long count, long ts) {
        return new Record<>(new Windowed<>(key, start, end), count, ts);
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
                update("a", 0, 10, 1, 5), update("a", 10, 20, 1, 14), update("a", 0, 10, 2, 2));
        WindowStore<String, Long> store = ctx.getStateStore("w");
        assertThat(store.fetch("a", 0)).isEqualTo(2L);
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
        assertThat(ctx.drain()).containsExactly(update("a", 5, 15, 2, 8));
    }

    @Test
    void shouldDropRecordsWithANullKey() {
        WindowedAggregation<String, String, Long> agg = count(TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10)));
        ctx.process(agg, new Record<>(null, "x", 1));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void shouldReduceAndAggregatePerWindow() {
        ctx = new FakeContext<>(dir);
        TimeWindows windows = TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(10));
        ctx.addWindowStore(Stores.window("w", Serdes.String(), Serdes.Long(), Duration.ofMillis(10))
                .withWindowSize(Duration.ofMillis(10)));
        WindowedAggregation<String, Long, Long> max = new WindowedAggregation<>("WINDOWED-REDUCE", "w", windows,
                Aggregation.reduce(Math::max));
        max.init(ctx);
        ctx.process(max, new Record<>("a", 4L, 1));
        ctx.process(max, new Record<>("a", 2L, 2));
        ctx.process(max, new Record<>("a", 7L, 11));
        assertThat(ctx.forwarded()).extracting(Record::value).containsExactly(4L, 4L, 7L);
    }
}
