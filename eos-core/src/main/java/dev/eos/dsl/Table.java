package dev.eos.dsl;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A changelog of the latest value per key, backed by a state store: the Eos analogue of a
 * Kafka Streams {@code KTable}. Made by {@link PipelineBuilder#table(String, Consumed, Materialized)}
 * and by the aggregations of {@link GroupedStream} and {@link WindowedGroupedStream}.
 *
 * <p>A table emits an update record downstream for every input that writes a key, with the new
 * value; a deletion is a record with a null value (a tombstone). As in Kafka Streams (with
 * caching off), every write is emitted, even one that leaves the value as it was, such as a
 * tombstone from the table's topic for a key the table does not hold. There is no caching or
 * suppression: one update per written key (or window), in processing order.
 *
 * <p>Timestamps: an update from {@link PipelineBuilder#table} carries its record's timestamp;
 * an aggregation's update carries the largest timestamp of the records in the key's (or
 * window's) aggregate; {@link #filter} and {@link #mapValues} keep the timestamp.
 *
 * <p>Key-value tables can be joined with streams ({@link EventStream#join(Table, ValueJoiner)});
 * the join reads the table's store when the stream record is processed.
 *
 * <pre>{@code
 * Table<String, Customer> customers = builder.table("customers",
 *         Consumed.with(Serdes.String(), customerSerde), Materialized.as("customers"));
 * customers.filter((id, c) -> c.isActive())
 *          .mapValues(Customer::email)
 *          .toStream()
 *          .to("active-customer-emails", Produced.with(Serdes.String(), Serdes.String()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface Table<K, V> {

    /** The stream of this table's updates; deletions arrive as records with a null value. */
    EventStream<K, V> toStream();

    /**
     * A view with only the entries for which {@code predicate} is true (the predicate is never
     * called with a null value). An update whose new value matches is passed on; one whose new
     * value does not match becomes a tombstone if the key's previous value matched (the key left
     * the filtered table) and is dropped if it did not (the key was never in it), as Kafka
     * Streams does for a materialized parent table. It has no store of its own: a join reads
     * this table's store and applies the predicate.
     *
     * <pre>{@code
     * // updates a=abc, a=abcd, a=x of the parent; the filtered table emits a=abcd, then a=null
     * table.filter((k, v) -> v.length() % 2 == 0)
     * }</pre>
     */
    Table<K, V> filter(BiPredicate<? super K, ? super V> predicate);

    /**
     * A view with each value replaced by {@code mapper(value)}; every update is passed on,
     * tombstones stay tombstones and the mapper is never called with null. It has no store of its
     * own: a join reads this table's store and applies the mapper.
     */
    <V2> Table<K, V2> mapValues(Function<? super V, ? extends V2> mapper);
}
