package dev.eos.examples.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import dev.eos.avro.compat.SchemaFolderCheck;
import dev.eos.avro.compat.SchemaFolderReport;
import dev.eos.avro.compat.SchemaIncompatibility;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schema files say what the demo and the how-to claim they say. */
class OrderSchemasTest {

    @Test
    void schemasFolder_passesTheCompatibilityCheckOfCi() {
        SchemaFolderReport report = SchemaFolderCheck.of(Path.of("src/main/resources/schemas")).run();

        assertThat(report.problems()).as(report::describe).isEmpty();
        assertThat(report.subject(OrderSchemas.ORDERS_V1_SUBJECT)).isPresent();
        assertThat(report.subject(OrderSchemas.ORDERS_V2_SUBJECT)).isPresent();
    }

    @Test
    void v2_isCompatibleWithV1UnderTheSubjectsRule() {
        CompatibilityReport report = CompatibilityRules.check(
                OrderSchemas.compatibility(OrderSchemas.ORDERS_V1_SUBJECT), OrderSchemas.ordersV1(2),
                Map.of(1, OrderSchemas.ordersV1(1)));

        assertThat(report.level()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(report.compatible()).as(report::describe).isTrue();
    }

    @Test
    void proposedV3_breaksTheSubjectsRuleOnTheRequiredChannel() {
        CompatibilityReport report = CompatibilityRules.check(
                OrderSchemas.compatibility(OrderSchemas.ORDERS_V1_SUBJECT), OrderSchemas.proposedBreakingV3(),
                Map.of(1, OrderSchemas.ordersV1(1), 2, OrderSchemas.ordersV1(2)));

        assertThat(report.compatible()).isFalse();
        assertThat(report.incompatibilities()).extracting(SchemaIncompatibility::field).containsOnly("channel");
    }

    @Test
    void ordersV2Schema_breaksOrdersV1EvenUnderBackwardAloneSoItNeedsItsOwnTopic() {
        CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.BACKWARD, OrderSchemas.ordersV2(),
                Map.of(2, OrderSchemas.ordersV1(2)));

        assertThat(report.compatible()).isFalse();
    }
}
