package dev.eos.dsl;

import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A changelog of the latest value per key, backed by a state store: the Eos analogue of a
 * Kafka Streams {@code KTable}. Made by {@link PipelineBuilder#table(String, Consumed, Materialized)}
 * and by the aggregations of {@link GroupedStream} and {@link WindowedGroupedStream}.
 *
 * <p>A table emits an update record downstream on every change of a key, with the new value; a
 * deletion is a record with a null value (a tombstone). There is no caching or suppression:
 * every input that changes the table emits one update per changed key (or window), in
 * processing order.
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
     * A view with only the entries for which {@code predicate} is true. Its update stream turns
     * every update that does not match into a tombstone, as Kafka Streams does (a key that stops
     * matching must be deleted downstream). It has no store of its own: a join reads this
     * table's store and applies the predicate.
     */
    Table<K, V> filter(BiPredicate<? super K, ? super V> predicate);

    /**
     * A view with each value replaced by {@code mapper(value)}; tombstones stay tombstones and
     * the mapper is never called with null. It has no store of its own: a join reads this table's
     * store and applies the mapper.
     */
    <V2> Table<K, V2> mapValues(Function<? super V, ? extends V2> mapper);
}
