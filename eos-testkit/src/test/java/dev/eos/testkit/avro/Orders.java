package dev.eos.testkit.avro;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The {@code Order} records the Avro pipeline tests write and expect, in three versions. */
final class Orders {
    /** id:long, customer:string, amount:double. */
    static final Schema V1 = parse("""
            {"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"amount","type":"double"}""");
    /** V1 + an optional {@code note}: a compatible change. */
    static final Schema V2 = parse("""
            {"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"amount","type":"double"},
            {"name":"note","type":["null","string"],"default":null}""");
    /** V1 + a required {@code email}: refused under BACKWARD once V1 is registered. */
    static final Schema WITH_REQUIRED_EMAIL = parse("""
            {"name":"id","type":"long"},{"name":"customer","type":"string"},{"name":"amount","type":"double"},
            {"name":"email","type":"string"}""");

    private Orders() {
    }

    static String key(int i) {
        return "customer-" + (i % 7);
    }

    static GenericRecord v1(int i) {
        GenericRecord r = new GenericData.Record(V1);
        r.put("id", (long) i);
        r.put("customer", key(i));
        r.put("amount", i * 1.5);
        return r;
    }

    static GenericRecord v2(int i) {
        GenericRecord r = new GenericData.Record(V2);
        r.put("id", (long) i);
        r.put("customer", key(i));
        r.put("amount", i * 1.5);
        r.put("note", "n" + i);
        return r;
    }

    /** What the pipeline makes of an order: the same record, same schema, amount doubled. */
    static GenericRecord doubled(GenericRecord order) {
        GenericRecord out = new GenericData.Record(order.getSchema());
        order.getSchema().getFields().forEach(f -> out.put(f.name(), order.get(f.name())));
        out.put("amount", (Double) order.get("amount") * 2);
        return out;
    }

    /** The order with a required {@code email} added: a schema the output subject refuses. */
    static GenericRecord withEmail(GenericRecord order) {
        GenericRecord out = new GenericData.Record(WITH_REQUIRED_EMAIL);
        V1.getFields().forEach(f -> out.put(f.name(), order.get(f.name())));
        out.put("email", order.get("customer") + "@example.com");
        return out;
    }

    /** A comparable text of an output record: its schema's fields and values. */
    static String describe(GenericRecord record) {
        return record.toString();
    }

    /** The expected output entry for input {@code i}. */
    static Map.Entry<String, String> expected(int i, GenericRecord input) {
        return Map.entry(key(i), describe(doubled(input)));
    }

    private static Schema parse(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"dev.eos.test.avro\","
                + "\"fields\":[" + fields + "]}");
    }
}
