package dev.eos.internal.dsl;

import dev.eos.dsl.TimeWindows;
import dev.eos.internal.plan.ProcessorClock;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;

/**
 * count, reduce and aggregate per key and time window, with Kafka Streams' semantics.
 *
 * <p>For a record at {@code t}, every window {@code [start, start + size)} with start aligned to
 * the advance, {@code start >= 0} and {@code start <= t < start + size} is updated, unless it is
 * closed: {@code start + size + grace <= streamTime}, where stream time is the largest timestamp
 * this aggregation has observed, this record included ({@link ProcessorClock}: records an upstream
 * filter dropped never close a window; the time survives restarts and task moves). Its window
 * store expires windows on that same time. Each changed window is written to the window store
 * and forwarded as {@code Windowed(key, start, start + size)}.
 *
 * <p>The store keeps windows for at least size + grace after their start, so an open window
 * has never expired from it. All state is in the store.
 */
final class WindowedAggregation<K, V, VA> implements Processor<K, V, Windowed<K>, VA> {
    private final String storeName;
    private final TimeWindows windows;
    private final Aggregation<K, V, VA> aggregation;
    private final DroppedRecords dropped;
    private WindowStore<K, VA> store;
    private ProcessorContext<Windowed<K>, VA> context;
    private ProcessorClock clock;

    WindowedAggregation(String operator, String storeName, TimeWindows windows, Aggregation<K, V, VA> aggregation) {
        this.storeName = storeName;
        this.windows = windows;
        this.aggregation = aggregation;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V, VA> ProcessorSupplier<K, V, Windowed<K>, VA> supplier(String operator, String storeName,
                                                                        TimeWindows windows,
                                                                        Aggregation<K, V, VA> aggregation) {
        return () -> new WindowedAggregation<>(operator, storeName, windows, aggregation);
    }

    /** The first (lowest) start of the windows containing {@code timestamp}; then every advance up to t. */
    static long firstWindowStart(long timestamp, TimeWindows windows) {
        long advance = windows.advanceMs();
        return Math.max(0, timestamp - windows.sizeMs() + advance) / advance * advance;
    }

    /** How many (record, window) pairs this instance dropped because the window was closed. */
    long lateRecordsDropped() {
        return dropped.lateCount();
    }

    @Override
    public void init(ProcessorContext<Windowed<K>, VA> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.clock = ProcessorClock.of(context);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKeyAndValue(record)) {
            return;
        }
        long timestamp = record.timestamp();
        long streamTime = clock.observe(timestamp);
        for (long start = firstWindowStart(timestamp, windows); start <= timestamp; start += windows.advanceMs()) {
            long end = start + windows.sizeMs();
            if (end + windows.graceMs() <= streamTime) {
                dropped.lateForWindow(record, start, end, streamTime, windows.graceMs());
                continue;
            }
            update(record, start, end);
        }
    }

    private void update(Record<K, V> record, long start, long end) {
        VA current = store.fetch(record.key(), start);
        VA updated = aggregation.apply(record.key(), record.value(), current);
        if (current == null && updated == null) {
            return;
        }
        store.put(record.key(), start, updated);
        context.forward(record.withKey(new Windowed<>(record.key(), start, end)).withValue(updated));
    }
}
