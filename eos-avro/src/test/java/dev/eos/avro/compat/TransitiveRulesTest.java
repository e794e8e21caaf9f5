package dev.eos.avro.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The transitive forms look at every earlier version; the plain forms only at the latest. */
class TransitiveRulesTest {
    // v1 has no 'x'; v2 adds it with a default; v3 drops the default: v3 cannot read v1 data
    private static final Schema WITHOUT_X = SchemaChangesTest.record("{\"name\":\"id\",\"type\":\"string\"}");
    private static final Schema X_WITH_DEFAULT = SchemaChangesTest.record(
            "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"x\",\"type\":\"string\",\"default\":\"\"}");
    private static final Schema X_REQUIRED = SchemaChangesTest.record(
            "{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"x\",\"type\":\"string\"}");

    @Test
    void backwardPassesAgainstTheLatestButBackwardTransitiveFailsAgainstVersionOne() {
        Map<Integer, Schema> earlier = Map.of(1, WITHOUT_X, 2, X_WITH_DEFAULT);
        assertThat(CompatibilityRules.check(CompatibilityLevel.BACKWARD, X_REQUIRED, earlier).compatible()).isTrue();
        CompatibilityReport transitive = CompatibilityRules.check(CompatibilityLevel.BACKWARD_TRANSITIVE, X_REQUIRED, earlier);
        assertThat(transitive.incompatibilities()).singleElement().satisfies(i -> {
            assertThat(i.againstVersion()).isEqualTo(1);
            assertThat(i.direction()).isEqualTo("BACKWARD");
            assertThat(i.field()).isEqualTo("x");
        });
    }

    @Test
    void forwardPassesAgainstTheLatestButForwardTransitiveFailsAgainstVersionOne() {
        // v1 requires x, v2 gives it a default, v3 removes it: a v1 reader cannot read v3 data
        Map<Integer, Schema> earlier = Map.of(1, X_REQUIRED, 2, X_WITH_DEFAULT);
        assertThat(CompatibilityRules.check(CompatibilityLevel.FORWARD, WITHOUT_X, earlier).compatible()).isTrue();
        CompatibilityReport transitive = CompatibilityRules.check(CompatibilityLevel.FORWARD_TRANSITIVE, WITHOUT_X, earlier);
        assertThat(transitive.incompatibilities()).singleElement().satisfies(i -> {
            assertThat(i.againstVersion()).isEqualTo(1);
            assertThat(i.direction()).isEqualTo("FORWARD");
            assertThat(i.field()).isEqualTo("x");
        });
    }

    @Test
    void fullPassesAgainstTheLatestButFullTransitiveFailsAgainstVersionOne() {
        Map<Integer, Schema> earlier = Map.of(1, WITHOUT_X, 2, X_WITH_DEFAULT);
        assertThat(CompatibilityRules.check(CompatibilityLevel.FULL, X_REQUIRED, earlier).compatible()).isTrue();
        CompatibilityReport transitive = CompatibilityRules.check(CompatibilityLevel.FULL_TRANSITIVE, X_REQUIRED, earlier);
        assertThat(transitive.compatible()).isFalse();
        assertThat(transitive.incompatibilities()).allSatisfy(i -> assertThat(i.againstVersion()).isEqualTo(1));
    }

    @Test
    void levelNamesParseCaseInsensitivelyWithDashes() {
        assertThat(CompatibilityLevel.parse("full-transitive")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse(" Backward ")).isEqualTo(CompatibilityLevel.BACKWARD);
    }
}
