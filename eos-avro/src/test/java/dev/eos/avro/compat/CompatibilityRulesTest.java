package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityRulesTest {
    private static final Schema V1 = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"}]}""");
    private static final Schema V2_OPTIONAL_FIELD = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"},
              {"name":"note","type":["null","string"],"default":null}]}""");
    private static final Schema V2_REQUIRED_FIELD = parse("""
            {"type":"record","name":"Order","namespace":"shop","fields":[
              {"name":"id","type":"string"},
              {"name":"amount","type":"long"},
              {"name":"currency","type":"string"}]}""");

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    @Test
    void anOptionalFieldWithADefaultIsFullyCompatible() {
        assertThat(CompatibilityRules.check(CompatibilityLevel.FULL, V2_OPTIONAL_FIELD, Map.of(1, V1)).compatible())
                .isTrue();
    }

    @Test
    void aRequiredFieldBreaksBackwardAndNamesTheField() {
        CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.BACKWARD, V2_REQUIRED_FIELD,
                Map.of(1, V1));
        assertThat(report.compatible()).isFalse();
        assertThat(report.incompatibilities()).singleElement().satisfies(i -> {
            assertThat(i.field()).isEqualTo("currency");
            assertThat(i.direction()).isEqualTo("BACKWARD");
            assertThat(i.againstVersion()).isEqualTo(1);
            assertThat(i.type()).isEqualTo("READER_FIELD_MISSING_DEFAULT_VALUE");
        });
        // old readers ignore the new field: forward compatible
        assertThat(CompatibilityRules.check(CompatibilityLevel.FORWARD, V2_REQUIRED_FIELD, Map.of(1, V1))
                .compatible()).isTrue();
    }

    @Test
    void nonTransitiveLevelsCheckOnlyTheLatestVersion() {
        Map<Integer, Schema> earlier = Map.of(1, V1, 2, V2_REQUIRED_FIELD);
        Schema v3 = V2_REQUIRED_FIELD;
        assertThat(CompatibilityRules.check(CompatibilityLevel.BACKWARD, v3, earlier).compatible()).isTrue();
        assertThat(CompatibilityRules.check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, earlier).compatible())
                .isFalse();
    }
}
