package dev.eos.dsl;

import dev.eos.processor.ProcessorSupplier;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An unbounded stream of key-value records, the main type of the Eos DSL. Every operation adds
 * a node to the plan of the {@link PipelineBuilder} that created the stream and returns the
 * stream of its results; nothing runs until the built {@link Pipeline} is started.
 *
 * <pre>{@code
 * PipelineBuilder builder = new PipelineBuilder();
 * builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
 *        .filter((user, page) -> !page.isBlank())
 *        .selectKey((user, page) -> page)
 *        .mapValues(String::length)
 *        .to("page-lengths", Produced.with(Serdes.String(), Serdes.Integer()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface EventStream<K, V> {

    /** Keeps the records for which {@code predicate} is true. */
    EventStream<K, V> filter(BiPredicate<? super K, ? super V> predicate);

    /** Drops the records for which {@code predicate} is true. */
    EventStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate);

    /** Replaces key and value; timestamp and headers are kept. */
    <K2, V2> EventStream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> mapper);

    /** Replaces the value; key, timestamp and headers are kept. */
    <V2> EventStream<K, V2> mapValues(Function<? super V, ? extends V2> mapper);

    /** Replaces each record by zero or more records. */
    <K2, V2> EventStream<K2, V2> flatMap(
            BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> mapper);

    /** Replaces each value by zero or more values under the same key. */
    <V2> EventStream<K, V2> flatMapValues(Function<? super V, ? extends Iterable<? extends V2>> mapper);

    /** Calls {@code action} for each record and passes the record on unchanged. */
    EventStream<K, V> peek(BiConsumer<? super K, ? super V> action);

    /** Replaces the key; value, timestamp and headers are kept. */
    <K2> EventStream<K2, V> selectKey(BiFunction<? super K, ? super V, ? extends K2> keySelector);

    /**
     * Splits the stream by predicates: each record goes to the first branch whose predicate
     * matches.
     *
     * <pre>{@code
     * Map<String, EventStream<String, Order>> branches = orders.split()
     *         .branch("large", (k, o) -> o.total() > 1000)
     *         .branch("small", (k, o) -> o.total() > 0)
     *         .defaultBranch("invalid");
     * }</pre>
     */
    BranchedStreams<K, V> split();

    /** Merges this stream and {@code other} into one stream. */
    EventStream<K, V> merge(EventStream<K, V> other);

    /** Runs a processor of the processor API on every record; see {@link dev.eos.processor.Processor}. */
    <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier);

    /**
     * Runs a processor that uses the named state stores (declared with
     * {@link PipelineBuilder#addStateStore}); it reaches them with
     * {@code context.getStateStore(name)}.
     *
     * <pre>{@code
     * builder.addStateStore(Stores.keyValue("counts", Serdes.String(), Serdes.Long()));
     * clicks.process(CountByUser::new, "counts").to("counts-out", Produced.with(Serdes.String(), Serdes.Long()));
     * }</pre>
     */
    <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier,
                                         String... storeNames);

    /**
     * Groups the records by their current key, to aggregate them into a {@link Table}. If the key
     * may have changed upstream ({@code map}, {@code flatMap}, {@code selectKey}, {@code process}),
     * the records first move to the partition of their key through the repartition topic
     * {@code <application.id>-<name>-repartition}, written and read with the serdes of
     * {@code grouped} and named after its {@link Grouped#withName name} (name it: an unnamed topic
     * is renamed when the steps before it change).
     *
     * <pre>{@code
     * Table<String, Long> clicksPerUser = clicks
     *         .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
     *         .count(Materialized.as("clicks-per-user"));
     * }</pre>
     */
    GroupedStream<K, V> groupByKey(Grouped<K, V> grouped);

    /**
     * Groups the records by a new key: selects it, then moves the records to the partition of
     * their new key through the repartition topic {@code <application.id>-<name>-repartition},
     * written and read with the serdes of {@code grouped} and named after its
     * {@link Grouped#withName name}. The topic gets the partition count of the input unless the
     * part of the pipeline after it also reads other topics; use
     * {@code selectKey(...).repartition(Repartitioned...).groupByKey(...)} to choose the count.
     *
     * <pre>{@code
     * Table<String, Long> clicksPerPage = clicks
     *         .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
     *         .count(Materialized.as("clicks-per-page"));
     * }</pre>
     */
    <KR> GroupedStream<KR, V> groupBy(BiFunction<? super K, ? super V, ? extends KR> keySelector,
                                      Grouped<KR, V> grouped);

    /**
     * Inner stream-table join: each record is joined with the table's current value for its key,
     * read from the table's store when the record is processed. Records whose key has no value in
     * the table (and records with a null key or value) are dropped, as in Kafka Streams, so the
     * joiner never gets a null. Table updates never emit results. A result has the stream
     * record's timestamp. The stream and the table's topic must be co-partitioned (same number of
     * partitions, same partitioning of keys). A stream whose key may have changed upstream must
     * call {@link #repartition(Repartitioned)} first (the join has no serdes for the topic);
     * without it the join throws {@link dev.eos.errors.EosException} at definition time.
     *
     * <pre>{@code
     * Table<String, Customer> customers = builder.table("customers", Consumed.with(Serdes.String(), customerSerde));
     * orders.join(customers, (order, customer) -> new EnrichedOrder(order, customer))
     *       .to("enriched-orders", Produced.with(Serdes.String(), enrichedSerde));
     * }</pre>
     */
    <VT, VR> EventStream<K, VR> join(Table<K, VT> table, ValueJoiner<? super V, ? super VT, ? extends VR> joiner);

    /**
     * Left stream-table join: like {@link #join(Table, ValueJoiner)}, but every record with a
     * value produces a result; the joiner gets a {@code null} table value when the table has no
     * value for the key, and for a record with a null key (as Kafka Streams does since KIP-962).
     * Records with a null value are dropped (logged once per task at WARN), as in Kafka Streams:
     * the joiner never gets a null stream value.
     */
    <VT, VR> EventStream<K, VR> leftJoin(Table<K, VT> table, ValueJoiner<? super V, ? super VT, ? extends VR> joiner);

    /**
     * Moves every record to the partition of its key through the internal topic
     * {@code <application.id>-<name>-repartition}, written and read inside Eos transactions, so
     * exactly-once holds across the hop. Grouping or joining a stream whose key may have changed
     * does this on its own; call it to choose the partition count, the partitioner or the name.
     *
     * <pre>{@code
     * events.selectKey((country, e) -> e.userId())
     *       .repartition(Repartitioned.with(Serdes.String(), eventSerde).withNumberOfPartitions(24))
     *       .to("events-by-user", Produced.with(Serdes.String(), eventSerde));
     * }</pre>
     */
    EventStream<K, V> repartition(Repartitioned<K, V> repartitioned);

    /**
     * Writes every record to a system outside Kafka through an {@link dev.eos.sink.ExternalSink},
     * one per processing thread, in batches at the pipeline's commit points.
     *
     * <pre>{@code
     * counts.toStream().sinkTo(JdbcSink.upsert(settings));
     * }</pre>
     */
    void sinkTo(dev.eos.sink.ExternalSinkFactory<K, V> sink);

    /** Writes every record to {@code topic}, inside the transaction of the input it came from. */
    void to(String topic, Produced<K, V> produced);

    /** Writes every record to the topic {@code extractor} names for it. */
    void to(TopicNameExtractor<? super K, ? super V> extractor, Produced<K, V> produced);
}
