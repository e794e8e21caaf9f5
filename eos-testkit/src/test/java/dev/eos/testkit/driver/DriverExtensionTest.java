package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.assertions.EosAssertions;
import java.lang.reflect.Proxy;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriverExtensionTest {
    /** A context for calling the callbacks by hand; the extension only reads its unique id. */
    private static final ExtensionContext CONTEXT = (ExtensionContext) Proxy.newProxyInstance(
            DriverExtensionTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getUniqueId")) {
                    return "[engine:junit-jupiter]/[class:DriverExtensionTest]";
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static EosConfig config() {
        return EosConfig.builder().applicationId("shout").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
    }

    @Test
    void create_shouldBuildADriverWithTheCustomizedTopics() {
        PipelineTestDriver driver = drivers.create(shout(), config(), b -> b.topic("in", 3).topic("out", 2));
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        for (int i = 0; i < 6; i++) {
            in.send("k" + i, "v" + i);
        }
        driver.crashAndRestart();
        driver.runUntilIdle();

        EosAssertions.assertThat(driver.output("out", Serdes.String(), Serdes.String())).containsExactlyOnce(
                KeyValue.of("k0", "V0"), KeyValue.of("k1", "V1"), KeyValue.of("k2", "V2"),
                KeyValue.of("k3", "V3"), KeyValue.of("k4", "V4"), KeyValue.of("k5", "V5"));
    }

    @Test
    void afterEach_shouldCloseEveryDriverCreatedDuringTheTest() {
        DriverExtension extension = new DriverExtension();
        extension.beforeEach(CONTEXT);
        PipelineTestDriver first = extension.create(shout(), config());
        PipelineTestDriver second = extension.create(shout(), config(), b -> b.topic("in", 2));
        second.close();

        extension.afterEach(CONTEXT);

        assertThatThrownBy(first::stepOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(second::stepOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void afterEach_shouldKeepDriversCreatedOutsideATestUntilAfterAll() {
        DriverExtension extension = new DriverExtension();
        extension.beforeAll(CONTEXT);
        PipelineTestDriver shared = extension.create(shout(), config());

        extension.beforeEach(CONTEXT);
        extension.afterEach(CONTEXT);
        shared.stepOnce();
        extension.afterAll(CONTEXT);

        assertThatThrownBy(shared::stepOnce).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void create_shouldCommitInFlightWorkWhenClosingAfterTheTest() {
        DriverExtension extension = new DriverExtension();
        extension.beforeEach(CONTEXT);
        PipelineTestDriver driver = extension.create(shout(), config());
        driver.input("in", Serdes.String(), Serdes.String()).send("a", "one");
        driver.stepOnce();

        extension.afterEach(CONTEXT);

        EosAssertions.assertThat(driver.output("out", Serdes.String(), Serdes.String()))
                .containsExactlyOnce(KeyValue.of("a", "ONE"));
    }

    @Test
    void create_shouldRejectATopicDeclaredTwiceWithoutTrackingADriver() {
        DriverExtension extension = new DriverExtension();
        extension.beforeEach(CONTEXT);

        assertThatThrownBy(() -> extension.create(shout(), config(), b -> b.topic("in", 2).topic("in", 3)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("declared twice");
        assertThat(extension.toString()).contains("open in test=0");
    }

    /** The real JUnit lifecycle, with the extension on a static field: the tests run in order. */
    @Nested
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class RegisteredOnAStaticField {
        @RegisterExtension
        static final DriverExtension SHARED = new DriverExtension();
        private static PipelineTestDriver classDriver;
        private static PipelineTestDriver firstTestsDriver;

        @BeforeAll
        static void createClassDriver() {
            classDriver = SHARED.create(shout(), config());
        }

        @Test
        @Order(1)
        void createsADriverForThisTestOnly() {
            firstTestsDriver = SHARED.create(shout(), config());
            firstTestsDriver.stepOnce();
        }

        @Test
        @Order(2)
        void findsTheFirstTestsDriverClosedAndTheClassDriverOpen() {
            assertThatThrownBy(firstTestsDriver::stepOnce).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            classDriver.stepOnce();
        }
    }
}
