package dev.eos.examples.schemas;

import java.util.Locale;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns an order of {@code orders.v1} (written with any of its schema versions) into an order of
 * the versioned topic {@code orders.v2}, whose schema breaks v1's: the amount becomes whole cents,
 * the currency an enum ({@code OTHER} for codes it does not list), the customer
 * {@code customer_id}; the coupon, absent from orders written with v1's first version, stays
 * null there. A pure function of its input, so a bridge that replays an order after a crash
 * writes the same record.
 *
 * <pre>{@code
 * OrderUpcaster upcaster = new OrderUpcaster(OrderSchemas.ordersV2());
 * GenericRecord v2 = upcaster.upcast(v1Order);   // {"order_id": "o-7", "customer_id": "c-3", "total_cents": 1250, ...}
 * }</pre>
 */
public final class OrderUpcaster {
    private final Schema target;
    private final Schema currency;

    /** An upcaster writing records of {@code target} ({@link OrderSchemas#ordersV2()}). */
    public OrderUpcaster(Schema target) {
        this.target = Objects.requireNonNull(target, "target");
        this.currency = target.getField("currency").schema();
    }

    /** The v2 order for {@code order}, a record of any version of {@code orders.v1-value}. */
    public GenericRecord upcast(GenericRecord order) {
        GenericData.Record out = new GenericData.Record(target);
        out.put("order_id", order.get("order_id").toString());
        out.put("customer_id", order.get("customer").toString());
        out.put("total_cents", Math.round(((Number) order.get("amount")).doubleValue() * 100));
        out.put("currency", currency(order.get("currency").toString()));
        Object coupon = order.hasField("coupon") ? order.get("coupon") : null;
        out.put("coupon", coupon == null ? null : coupon.toString());
        return out;
    }

    private GenericData.EnumSymbol currency(String code) {
        String symbol = code.toUpperCase(Locale.ROOT);
        return new GenericData.EnumSymbol(currency, currency.getEnumSymbols().contains(symbol)
                ? symbol : currency.getEnumDefault());
    }
}
