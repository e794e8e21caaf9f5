package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** A broken rule names the field as a path from the top record, through records, arrays and maps. */
class FieldPathsTest {

    private static Schema order(String emailType, String quantityType, String valueType) {
        return new Schema.Parser().parse("""
                {"type":"record","name":"Order","namespace":"shop","fields":[
                  {"name":"id","type":"string"},
                  {"name":"customer","type":{"type":"record","name":"Customer","fields":[
                    {"name":"name","type":"string"},
                    {"name":"email","type":%s}]}},
                  {"name":"lines","type":{"type":"array","items":{"type":"record","name":"Line","fields":[
                    {"name":"sku","type":"string"},
                    {"name":"quantity","type":%s}]}}},
                  {"name":"attributes","type":{"type":"map","values":{"type":"record","name":"Attribute","fields":[
                    {"name":"value","type":%s}]}}}]}""".formatted(emailType, quantityType, valueType));
    }

    private static String brokenField(Schema v1, Schema v2) {
        CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.BACKWARD, v2, Map.of(1, v1));
        assertThat(report.incompatibilities()).hasSize(1);
        return report.incompatibilities().get(0).field();
    }

    @Test
    void aFieldOfANestedRecordIsNamedThroughItsParent() {
        assertThat(brokenField(order("\"string\"", "\"int\"", "\"string\""), order("\"int\"", "\"int\"", "\"string\"")))
                .isEqualTo("customer.email");
    }

    @Test
    void aFieldOfARecordInAnArrayIsNamedWithBrackets() {
        assertThat(brokenField(order("\"string\"", "\"long\"", "\"string\""), order("\"string\"", "\"int\"", "\"string\"")))
                .isEqualTo("lines[].quantity");
    }

    @Test
    void aFieldOfARecordInAMapIsNamedWithBraces() {
        assertThat(brokenField(order("\"string\"", "\"int\"", "\"string\""), order("\"string\"", "\"int\"", "\"boolean\"")))
                .isEqualTo("attributes{}.value");
    }

    @Test
    void aChangeInsideAUnionBranchIsNamedAtTheUnionField() {
        Schema v1 = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"inner","type":["null",
                  {"type":"record","name":"Inner","fields":[{"name":"n","type":"string"}]}],"default":null}]}""");
        Schema v2 = new Schema.Parser().parse("""
                {"type":"record","name":"R","fields":[{"name":"inner","type":["null",
                  {"type":"record","name":"Inner","fields":[{"name":"n","type":"double"}]}],"default":null}]}""");
        // Avro does not descend into union branches: it reports the writer's branch missing from the reader's union
        assertThat(brokenField(v1, v2)).isEqualTo("inner");
    }
}
