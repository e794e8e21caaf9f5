package dev.eos.testkit.avro;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** The order schemas of the registry tests: v1, a compatible v2 and a v3 that breaks BACKWARD. */
final class Schemas {
    private static final String V1 = """
            {"type": "record", "name": "Order", "namespace": "dev.eos.testkit.avro", "fields": [
              {"name": "id", "type": "string"},
              {"name": "amount", "type": "long"}
            ]}""";
    /** v1 plus an optional field with a default: BACKWARD and FORWARD compatible. */
    private static final String V2 = """
            {"type": "record", "name": "Order", "namespace": "dev.eos.testkit.avro", "fields": [
              {"name": "id", "type": "string"},
              {"name": "amount", "type": "long"},
              {"name": "note", "type": ["null", "string"], "default": null}
            ]}""";
    /** v1 plus a required field without a default: a v3 reader cannot read v1 data (breaks BACKWARD). */
    private static final String V3 = """
            {"type": "record", "name": "Order", "namespace": "dev.eos.testkit.avro", "fields": [
              {"name": "id", "type": "string"},
              {"name": "amount", "type": "long"},
              {"name": "currency", "type": "string"}
            ]}""";

    private Schemas() {
    }

    static Schema orderV1() {
        return new Schema.Parser().parse(V1);
    }

    static Schema orderV2OptionalNote() {
        return new Schema.Parser().parse(V2);
    }

    static Schema orderV3RequiredCurrency() {
        return new Schema.Parser().parse(V3);
    }

    /** Order {@code i} in schema v1. */
    static GenericRecord order(Schema v1, int i) {
        GenericRecord order = new GenericData.Record(v1);
        order.put("id", "order-" + i);
        order.put("amount", 100L * i);
        return order;
    }
}
