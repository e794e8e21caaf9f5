package dev.eos.testkit.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.compat.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A write whose outcome is unknown must never let the registry give one id two meanings. */
class RegistryIdsAfterFailedWriteTest {
    private static final String ORDER = "{\"type\":\"record\",\"name\":\"Order\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";
    private static final String PAYMENT = "{\"type\":\"record\",\"name\":\"Payment\",\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    /** An in-memory topic; the next write can be made to land and still report a failure (a timeout). */
    private static final class FlakyLog implements RegistryLog {
        final List<SchemaEntry> topic = new ArrayList<>();
        boolean landButFailNext;
        boolean unreadable;

        @Override
        public void writeSchema(SchemaEntry entry) {
            topic.add(entry);
            if (landButFailNext) {
                landButFailNext = false;
                throw new RegistryError(50001, "Could not write to the schemas topic '_schemas': TimeoutException");
            }
        }

        @Override
        public void writeConfig(String subject, CompatibilityLevel level) {
        }

        @Override
        public void replayInto(RegistryState state) {
            if (unreadable) {
                throw new IllegalStateException("broker away");
            }
            topic.forEach(state::apply);
        }
    }

    @Test
    void aRegisterWhoseWriteTimedOutButLandedIsServedItsIdOnRetryAndNoOtherSchemaGetsIt() {
        FlakyLog log = new FlakyLog();
        Registry registry = Registry.load(log);
        log.landButFailNext = true;
        assertThatThrownBy(() -> registry.register("orders-value", ORDER, "AVRO"))
                .isInstanceOfSatisfying(RegistryError.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        int landedId = log.topic.get(0).id();

        SchemaEntry payment = registry.register("payments-value", PAYMENT, "AVRO");
        SchemaEntry retried = registry.register("orders-value", ORDER, "AVRO");

        assertThat(payment.id()).isNotEqualTo(landedId);
        assertThat(retried.id()).isEqualTo(landedId);
        assertThat(retried.version()).isEqualTo(1);
        assertThat(log.topic).hasSize(2); // the retry found the landed entry, it wrote nothing new
        assertThat(registry.schemaById(landedId).getName()).isEqualTo("Order");
    }

    @Test
    void aRegistryThatCannotReReadItsTopicAnswers500UntilItCan() {
        FlakyLog log = new FlakyLog();
        Registry registry = Registry.load(log);
        log.landButFailNext = true;
        log.unreadable = true;
        assertThatThrownBy(() -> registry.register("orders-value", ORDER, "AVRO")).isInstanceOf(RegistryError.class);
        assertThatThrownBy(() -> registry.register("payments-value", PAYMENT, "AVRO"))
                .isInstanceOfSatisfying(RegistryError.class, e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThat(log.topic).hasSize(1);
        log.unreadable = false;
        assertThat(registry.register("payments-value", PAYMENT, "AVRO").id()).isNotEqualTo(log.topic.get(0).id());
    }
}
