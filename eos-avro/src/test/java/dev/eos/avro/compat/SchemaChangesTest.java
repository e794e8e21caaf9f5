package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each common schema change under BACKWARD, FORWARD and FULL, both the changes that pass and
 * those that break. The table in docs/how-to/schemas.md ("What counts as breaking") is this one.
 */
class SchemaChangesTest {

    private static final String BASE = """
            {"name":"id","type":"string"},
            {"name":"quantity","type":"int"},
            {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","PAID"]}}""";

    static Stream<Arguments> changes() {
        return Stream.of(
                // change, before (fields), after (fields), backward, forward, full
                Arguments.of("add an optional field (union with null, default null)", BASE,
                        BASE + ",{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}", true, true, true),
                Arguments.of("add a field with a default", BASE,
                        BASE + ",{\"name\":\"channel\",\"type\":\"string\",\"default\":\"web\"}", true, true, true),
                Arguments.of("add a required field (no default)", BASE,
                        BASE + ",{\"name\":\"currency\",\"type\":\"string\"}", false, true, false),
                Arguments.of("remove a field that has a default",
                        BASE + ",{\"name\":\"channel\",\"type\":\"string\",\"default\":\"web\"}", BASE, true, true, true),
                Arguments.of("remove a field without a default", BASE,
                        "{\"name\":\"id\",\"type\":\"string\"},"
                                + "{\"name\":\"status\",\"type\":{\"type\":\"enum\",\"name\":\"Status\",\"symbols\":[\"NEW\",\"PAID\"]}}",
                        true, false, false),
                Arguments.of("change a type int to string", BASE, BASE.replace(
                        "\"quantity\",\"type\":\"int\"", "\"quantity\",\"type\":\"string\""), false, false, false),
                Arguments.of("widen a type int to long", BASE, BASE.replace(
                        "\"quantity\",\"type\":\"int\"", "\"quantity\",\"type\":\"long\""), true, false, false),
                Arguments.of("make a field nullable (string to union with null)", BASE, BASE.replace(
                        "\"id\",\"type\":\"string\"", "\"id\",\"type\":[\"null\",\"string\"]"), true, false, false),
                Arguments.of("add an enum symbol, enum without a default", BASE,
                        BASE.replace("[\"NEW\",\"PAID\"]", "[\"NEW\",\"PAID\",\"SHIPPED\"]"), true, false, false),
                Arguments.of("add an enum symbol, enum with a default",
                        BASE.replace("[\"NEW\",\"PAID\"]}", "[\"NEW\",\"PAID\"],\"default\":\"NEW\"}"),
                        BASE.replace("[\"NEW\",\"PAID\"]}", "[\"NEW\",\"PAID\",\"SHIPPED\"],\"default\":\"NEW\"}"),
                        true, true, true),
                Arguments.of("remove an enum symbol", BASE,
                        BASE.replace("[\"NEW\",\"PAID\"]", "[\"NEW\"]"), false, true, false),
                Arguments.of("rename a field, old name as an alias", BASE,
                        BASE.replace("{\"name\":\"quantity\",\"type\":\"int\"}",
                                "{\"name\":\"count\",\"aliases\":[\"quantity\"],\"type\":\"int\"}"), true, false, false));
    }

    @ParameterizedTest(name = "{0}: BACKWARD {3}, FORWARD {4}, FULL {5}")
    @MethodSource("changes")
    void eachChangePassesOrBreaksEachRuleAsDocumented(String change, String before, String after,
                                                      boolean backward, boolean forward, boolean full) {
        Schema v1 = record(before);
        Schema v2 = record(after);
        assertThat(compatible(CompatibilityLevel.BACKWARD, v2, v1)).as("BACKWARD").isEqualTo(backward);
        assertThat(compatible(CompatibilityLevel.FORWARD, v2, v1)).as("FORWARD").isEqualTo(forward);
        assertThat(compatible(CompatibilityLevel.FULL, v2, v1)).as("FULL").isEqualTo(full);
        assertThat(compatible(CompatibilityLevel.NONE, v2, v1)).as("NONE").isTrue();
        // with one earlier version, the transitive forms agree with the plain ones
        assertThat(compatible(CompatibilityLevel.BACKWARD_TRANSITIVE, v2, v1)).isEqualTo(backward);
        assertThat(compatible(CompatibilityLevel.FORWARD_TRANSITIVE, v2, v1)).isEqualTo(forward);
        assertThat(compatible(CompatibilityLevel.FULL_TRANSITIVE, v2, v1)).isEqualTo(full);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("changes")
    void aBrokenRuleNamesItsDirectionAndAFieldOfTheRecord(String change, String before, String after,
                                                          boolean backward, boolean forward, boolean full) {
        CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.FULL, record(after), Map.of(1, record(before)));
        assertThat(report.incompatibilities()).allSatisfy(i -> {
            assertThat(i.againstVersion()).isEqualTo(1);
            assertThat(i.field()).isIn("id", "quantity", "count", "status", "currency", "note", "channel");
        });
        assertThat(report.incompatibilities().stream().anyMatch(i -> i.direction().equals("BACKWARD"))).isEqualTo(!backward);
        assertThat(report.incompatibilities().stream().anyMatch(i -> i.direction().equals("FORWARD"))).isEqualTo(!forward);
    }

    static Schema record(String fields) {
        return new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":["
                + fields + "]}");
    }

    private static boolean compatible(CompatibilityLevel level, Schema candidate, Schema earlier) {
        return CompatibilityRules.check(level, candidate, Map.of(1, earlier)).compatible();
    }
}
