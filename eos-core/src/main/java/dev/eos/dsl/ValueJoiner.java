package dev.eos.dsl;

/**
 * Combines the value of a stream record with the value found for its key on the other side of a
 * join, for {@link EventStream#join(Table, ValueJoiner)} and
 * {@link EventStream#leftJoin(Table, ValueJoiner)}.
 *
 * <pre>{@code
 * ValueJoiner<Order, Customer, EnrichedOrder> enrich = (order, customer) ->
 *         new EnrichedOrder(order, customer == null ? "unknown" : customer.name());
 * }</pre>
 *
 * @param <V1> value type of the stream
 * @param <V2> value type of the table
 * @param <VR> result type
 */
@FunctionalInterface
public interface ValueJoiner<V1, V2, VR> {
    /** The joined value; {@code value2} is null in a left join when the table has no value. */
    VR apply(V1 value1, V2 value2);
}
