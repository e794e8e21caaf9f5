package dev.eos.testkit.registry;

/** Versions of a small {@code Order} record, as Avro schema JSON. */
final class Schemas {
    /** id:long, name:string. */
    static final String V1 = record("""
            {"name":"id","type":"long"},{"name":"name","type":"string"}""");
    /** V1 + an optional {@code note} with a default: compatible in every direction. */
    static final String V2_OPTIONAL_NOTE = record("""
            {"name":"id","type":"long"},{"name":"name","type":"string"},
            {"name":"note","type":["null","string"],"default":null}""");
    /** V1 + a required {@code email} without a default: breaks BACKWARD (new readers, old data). */
    static final String V2_REQUIRED_EMAIL = record("""
            {"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":"string"}""");
    /** V1 without {@code name}: breaks FORWARD (old readers need it and have no default). */
    static final String V2_WITHOUT_NAME = record("""
            {"name":"id","type":"long"}""");
    /** V1 with a {@code code:int}. */
    static final String V1_WITH_INT_CODE = record("""
            {"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"code","type":"int"}""");
    /** {@code code} as a string with a default: fine against V1, not against V1_WITH_INT_CODE. */
    static final String V3_STRING_CODE = record("""
            {"name":"id","type":"long"},{"name":"name","type":"string"},
            {"name":"code","type":"string","default":"?"}""");

    private Schemas() {
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"dev.eos.test\",\"fields\":[" + fields + "]}";
    }
}
