package dev.eos.examples.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Orders of the demo, the same for a given sequence number: {@code o-<seq>}, one of 50
 * customers, an amount with cents, one of four currencies (one the v2 enum does not list), and
 * with a schema that has it, a coupon on every third order.
 */
final class OrderGenerator {
    private static final List<String> CURRENCIES = List.of("EUR", "USD", "GBP", "CHF");

    private OrderGenerator() {
    }

    /** The key of order {@code seq}: its id. */
    static String key(int seq) {
        return "o-" + seq;
    }

    /** Order {@code seq} as a record of {@code schema}, a version of {@code orders.v1-value}. */
    static GenericRecord order(int seq, Schema schema) {
        GenericData.Record order = new GenericData.Record(schema);
        order.put("order_id", key(seq));
        order.put("customer", "c-" + (seq % 50));
        order.put("amount", (seq % 9_000 + 100) / 100.0);
        order.put("currency", CURRENCIES.get(seq % CURRENCIES.size()));
        if (schema.getField("coupon") != null) {
            order.put("coupon", seq % 3 == 0 ? "WELCOME" + (seq % 10) : null);
        }
        return order;
    }
}
