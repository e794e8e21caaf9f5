package dev.eos.avro.stub;

import org.apache.avro.Schema;

/** Schemas shared by the tests. */
public final class TestSchemas {
    public static final Schema ORDER_V1 = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"}]}""");
    public static final Schema ORDER_V2_OPTIONAL_NOTE = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"},
              {"name":"note","type":["null","string"],"default":null}]}""");
    public static final Schema ORDER_V2_REQUIRED_CURRENCY = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"},
              {"name":"currency","type":"string"}]}""");
    public static final Schema PAYMENT = parse("""
            {"type":"record","name":"Payment","namespace":"shop","fields":[
              {"name":"orderId","type":"string"}]}""");

    private TestSchemas() {
    }

    public static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
