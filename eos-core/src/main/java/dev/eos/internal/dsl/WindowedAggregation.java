package dev.eos.internal.dsl;

import dev.eos.dsl.TimeWindows;
import dev.eos.internal.plan.ProcessorClock;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * count, reduce and aggregate per key and time window, with the semantics of Kafka Streams'
 * {@code KStreamWindowAggregate}. Only records with a null key are dropped: a null value is
 * aggregated like any other (count counts it; reduce and aggregate pass it to the user's
 * function, or, for reduce in a window with no aggregate yet, take it as the aggregate, which
 * deletes the window).
 *
 * <p>For a record at {@code t}, every window {@code [start, start + size)} with start aligned to
 * the advance, {@code start >= 0} and {@code start <= t < start + size} is updated, unless it is
 * closed: {@code start + size + grace <= streamTime}, where stream time is the largest timestamp
 * this aggregation has observed, this record included ({@link ProcessorClock}: records an upstream
 * filter dropped never close a window; the time survives restarts and task moves). Its window
 * store expires windows on that same time. Each updated window is written to the window store
 * (null deletes) and forwarded as a {@link Change} keyed {@code Windowed(key, start, start + size)},
 * always, even when a window with no aggregate gets a null one.
 *
 * <p>Timestamps, per window: its first aggregate carries the record's timestamp, every later
 * one the larger of the stored timestamp and the record's; the update is stored and forwarded
 * with it.
 *
 * <p>The store keeps windows for at least size + grace after their start, so an open window
 * has never expired from it. All state is in the store.
 */
final class WindowedAggregation<K, V, VA> implements Processor<K, V, Windowed<K>, Change<VA>> {
    private final String storeName;
    private final TimeWindows windows;
    private final Aggregation<K, V, VA> aggregation;
    private final DroppedRecords dropped;
    private WindowStore<K, ValueAndTimestamp<VA>> store;
    private ProcessorContext<Windowed<K>, Change<VA>> context;
    private ProcessorClock clock;

    WindowedAggregation(String operator, String storeName, TimeWindows windows, Aggregation<K, V, VA> aggregation) {
        this.storeName = storeName;
        this.windows = windows;
        this.aggregation = aggregation;
        this.dropped = new DroppedRecords(operator);
    }

    static <K, V, VA> ProcessorSupplier<K, V, Windowed<K>, Change<VA>> supplier(String operator, String storeName,
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
    public void init(ProcessorContext<Windowed<K>, Change<VA>> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.clock = ProcessorClock.of(context);
    }

    @Override
    public void process(Record<K, V> record) {
        if (!dropped.hasKey(record)) {
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
        ValueAndTimestamp<VA> stored = store.fetch(record.key(), start);
        VA old = stored == null ? aggregation.initial() : stored.value();
        long timestamp = stored == null ? record.timestamp() : Math.max(stored.timestamp(), record.timestamp());
        VA updated = aggregation.apply(record.key(), record.value(), old);
        store.put(record.key(), start, ValueAndTimestamp.make(updated, timestamp));
        context.forward(new Record<>(new Windowed<>(record.key(), start, end), new Change<>(updated, old), timestamp,
                new RecordHeaders(record.headers().toArray())));
    }
}
