package dev.eos.sink;

import dev.eos.dsl.EventStream;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import dev.eos.store.KeyValueStore;
import dev.eos.store.StoreIterator;
import dev.eos.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Drops records whose id was already seen, for sinks that cannot upsert (an append-only table, a
 * mail gateway, a REST endpoint without idempotency keys). The ids of first occurrences are kept
 * in a key-value store for {@code ttl} of stream time and then purged by a stream-time
 * punctuator; a record is a duplicate if its id is in the store and younger than the ttl.
 *
 * <p>What it removes: duplicates in the input (an upstream producer that retried, a client that
 * sent an event twice), and with {@link #bySourceCoordinates} the same input record seen twice
 * by a processor. What it cannot remove: a batch that an external sink wrote and the runtime
 * then writes again after an abort or a crash (the store's writes are undone with the aborted
 * transaction). For that the sink must be idempotent or own its offsets; see
 * {@code docs/how-to/external-sinks.md}. Records whose id is {@code null} always pass.
 *
 * <pre>{@code
 * PipelineBuilder builder = new PipelineBuilder();
 * EventStream<String, Payment> payments = builder.stream("payments", Consumed.with(Serdes.String(), paymentSerde));
 * Deduplicator.byId("payment-ids", (String account, Payment p) -> p.eventId(), Serdes.String(), Duration.ofHours(24))
 *         .applyTo(builder, payments)
 *         .sinkTo(ledgerSink);
 * }</pre>
 * (Name the lambda's parameter types, or write {@code Deduplicator.<String, Payment, String>byId(...)},
 * so that Java infers the stream's types.)
 *
 * @param <K> key type
 * @param <V> value type
 * @param <I> id type
 */
public final class Deduplicator<K, V, I> {
    /** Finds the id of the record being processed, from the record or its source coordinates. */
    private interface IdOf<K, V, I> {
        I id(Record<K, V> record, ProcessorContext<K, V> context);
    }

    private final String storeName;
    private final IdOf<K, V, I> idOf;
    private final Serde<I> idSerde;
    private final Duration ttl;
    private final Duration purgeInterval;

    private Deduplicator(String storeName, IdOf<K, V, I> idOf, Serde<I> idSerde, Duration ttl,
                         Duration purgeInterval) {
        this.storeName = Objects.requireNonNull(storeName, "storeName");
        this.idOf = Objects.requireNonNull(idOf, "idFunction");
        this.idSerde = Objects.requireNonNull(idSerde, "idSerde");
        this.ttl = positive(ttl, "ttl");
        this.purgeInterval = positive(purgeInterval, "purgeInterval");
    }

    /**
     * Deduplicates by an id taken from each record (an event id, an order number), remembered
     * for {@code ttl} of stream time after its first occurrence in store {@code storeName}.
     */
    public static <K, V, I> Deduplicator<K, V, I> byId(String storeName,
                                                       BiFunction<? super K, ? super V, ? extends I> idFunction,
                                                       Serde<I> idSerde, Duration ttl) {
        Objects.requireNonNull(idFunction, "idFunction");
        return new Deduplicator<>(storeName, (record, context) -> idFunction.apply(record.key(), record.value()),
                idSerde, ttl, defaultPurgeInterval(ttl));
    }

    /**
     * Deduplicates by the source coordinates of the input record ({@code topic-partition@offset}):
     * the same input processed twice passes once. Records produced outside the processing of an
     * input record (by a punctuator) always pass.
     */
    public static <K, V> Deduplicator<K, V, String> bySourceCoordinates(String storeName, Duration ttl) {
        return new Deduplicator<>(storeName,
                (record, context) -> context.recordMetadata().map(RecordMetadata::toString).orElse(null),
                Serdes.String(), ttl, defaultPurgeInterval(ttl));
    }

    /** How often expired ids are purged, in stream time; by default a quarter of the ttl. */
    public Deduplicator<K, V, I> withPurgeInterval(Duration interval) {
        return new Deduplicator<>(storeName, idOf, idSerde, ttl, interval);
    }

    /**
     * Declares the store on {@code builder} and returns the stream of the first occurrences of
     * each id in {@code stream}.
     */
    public EventStream<K, V> applyTo(PipelineBuilder builder, EventStream<K, V> stream) {
        builder.addStateStore(Stores.keyValue(storeName, idSerde, Serdes.Long()));
        return stream.process(processor(), storeName);
    }

    public String storeName() {
        return storeName;
    }

    public Duration ttl() {
        return ttl;
    }

    public Duration purgeInterval() {
        return purgeInterval;
    }

    /** The processor that {@link #applyTo} adds; the store {@link #storeName()} must be connected to it. */
    ProcessorSupplier<K, V, K, V> processor() {
        return () -> new FirstOccurrences();
    }

    @Override
    public String toString() {
        return "Deduplicator{store=" + storeName + ", ttl=" + ttl + ", purgeInterval=" + purgeInterval + "}";
    }

    private static Duration defaultPurgeInterval(Duration ttl) {
        positive(ttl, "ttl");
        return ttl.toMillis() < 4 ? Duration.ofMillis(1) : ttl.dividedBy(4);
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero() || d.toMillis() < 1) {
            throw new IllegalArgumentException("Deduplicator " + name + " must be at least 1 ms, was " + d);
        }
        return d;
    }

    /** Remembers each id with the stream time of its first occurrence; forwards first occurrences only. */
    private final class FirstOccurrences implements Processor<K, V, K, V> {
        private ProcessorContext<K, V> context;
        private KeyValueStore<I, Long> seen;

        @Override
        public void init(ProcessorContext<K, V> context) {
            this.context = context;
            this.seen = context.getStateStore(storeName);
            context.schedule(purgeInterval, PunctuationType.STREAM_TIME, this::purgeExpired);
        }

        @Override
        public void process(Record<K, V> record) {
            I id = idOf.id(record, context);
            if (id == null) {
                context.forward(record);
                return;
            }
            long now = Math.max(context.currentStreamTimeMs(), record.timestamp());
            Long firstSeen = seen.get(id);
            if (firstSeen != null && !expired(firstSeen, now)) {
                return;
            }
            seen.put(id, now);
            context.forward(record);
        }

        private boolean expired(long firstSeen, long now) {
            return now - firstSeen >= ttl.toMillis();
        }

        private void purgeExpired(long streamTime) {
            List<I> expired = new ArrayList<>();
            try (StoreIterator<I, Long> all = seen.all()) {
                while (all.hasNext()) {
                    KeyValue<I, Long> entry = all.next();
                    if (expired(entry.value(), streamTime)) {
                        expired.add(entry.key());
                    }
                }
            }
            expired.forEach(seen::delete);
        }
    }
}
