package dev.eos.testkit.avro;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A specific record written by hand (as avro-maven-plugin would generate it) for order schema v2
 * ({@link Schemas#orderV2OptionalNote()}): {@code id}, {@code amount} and an optional
 * {@code note}. Its full name is the generic schemas' name, so it also reads v1 data.
 */
public final class Order extends SpecificRecordBase {
    /** Read by Avro's {@code SpecificData} through reflection, like a generated class's. */
    public static final Schema SCHEMA$ = Schemas.orderV2OptionalNote();

    private String id;
    private long amount;
    private String note;

    /** For Avro's readers. */
    public Order() {
    }

    public Order(String id, long amount, String note) {
        this.id = id;
        this.amount = amount;
        this.note = note;
    }

    public String id() {
        return id;
    }

    public long amount() {
        return amount;
    }

    public String note() {
        return note;
    }

    @Override
    public Schema getSchema() {
        return SCHEMA$;
    }

    @Override
    public Object get(int field) {
        return switch (field) {
            case 0 -> id;
            case 1 -> amount;
            case 2 -> note;
            default -> throw new IndexOutOfBoundsException("Order has 3 fields, not " + (field + 1));
        };
    }

    @Override
    public void put(int field, Object value) {
        switch (field) {
            case 0 -> id = value.toString();
            case 1 -> amount = (Long) value;
            case 2 -> note = value == null ? null : value.toString();
            default -> throw new IndexOutOfBoundsException("Order has 3 fields, not " + (field + 1));
        }
    }
}
