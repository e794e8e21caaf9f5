package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates {@link PipelineTestDriver}s for JUnit 5 tests and closes each one when its test is
 * over, so a test needs no {@code try}-with-resources and a failing test leaves no driver open.
 *
 * <pre>{@code
 * class ShoutPipelineTest {
 *     @RegisterExtension
 *     final DriverExtension drivers = new DriverExtension();
 *
 *     @Test
 *     void shouldUpperCaseEveryValueExactlyOnce() {
 *         PipelineTestDriver driver = drivers.create(ShoutApp.pipeline(), config, b -> b.topic("in", 2));
 *         TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
 *         in.send("a", "one");
 *         driver.crashAndRestart();
 *         driver.runUntilIdle();
 *         EosAssertions.assertThat(driver.output("out", Serdes.String(), Serdes.String()))
 *                 .containsExactlyOnce(KeyValue.of("a", "ONE"));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Why a factory and not an injected parameter.</b> Kafka Streams' {@code TopologyTestDriver}
 * and Spring's test support both have the test build its own driver from its own topology, and a
 * {@link PipelineTestDriver} likewise needs a pipeline, a config and topics that differ from test
 * to test (often between the tests of one class). A parameter resolver would have to learn them
 * from annotations or a shared field, which hides the very thing the test is about. So the test
 * keeps building its driver in plain code, through {@link #create}, and the extension does the one
 * thing JUnit can do better than the test: close it at the right time.
 *
 * <p><b>When drivers are closed.</b> A driver created during a test (in the test method or in a
 * {@code @BeforeEach} method) is closed after that test, after its {@code @AfterEach} methods. A
 * driver created outside a test, in a {@code @BeforeAll} method with the extension on a static
 * field, is closed after the last test of the class (nested classes share it). Closing a driver
 * commits its in-flight work, as {@link PipelineTestDriver#close()} does; closing one a test
 * closed itself does nothing. If closing fails, the first failure is rethrown after every driver
 * was closed, with the others added as suppressed exceptions.
 *
 * <p>Register it on an instance field for a fresh extension per test, or on a static field to
 * share class-level drivers; not meant for tests running in parallel within one class.
 */
public final class DriverExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {
    private final List<PipelineTestDriver> testDrivers = new ArrayList<>();
    private final List<PipelineTestDriver> classDrivers = new ArrayList<>();
    private boolean inTest;
    private String registeredBy;

    /** An extension with no drivers yet; register it with {@code @RegisterExtension}. */
    public DriverExtension() {
    }

    /**
     * Builds a driver of {@code pipeline} whose topics the pipeline names are created with one
     * partition each, and closes it when the test is over.
     *
     * <pre>{@code
     * PipelineTestDriver driver = drivers.create(pipeline, config);
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link PipelineTestDriver#builder} does
     */
    public PipelineTestDriver create(Pipeline pipeline, EosConfig config) {
        return create(pipeline, config, builder -> { });
    }

    /**
     * Builds a driver of {@code pipeline}, letting {@code customizer} declare topics and the
     * wall-clock start on its {@link PipelineTestDriver.Builder}, and closes it when the test is
     * over.
     *
     * <pre>{@code
     * PipelineTestDriver driver = drivers.create(pipeline, config,
     *         b -> b.topic("in", 4).topic("out", 4).wallClockStart(Instant.parse("2030-01-01T00:00:00Z")));
     * }</pre>
     *
     * @throws IllegalArgumentException as {@link PipelineTestDriver#builder} and
     *                                  {@link PipelineTestDriver.Builder#topic} do
     */
    public PipelineTestDriver create(Pipeline pipeline, EosConfig config,
                                     Consumer<PipelineTestDriver.Builder> customizer) {
        Objects.requireNonNull(customizer, "customizer");
        PipelineTestDriver.Builder builder = PipelineTestDriver.builder(pipeline, config);
        customizer.accept(builder);
        PipelineTestDriver driver = builder.build();
        (inTest ? testDrivers : classDrivers).add(driver);
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (registeredBy == null) {
            registeredBy = context.getUniqueId();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        inTest = true;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        inTest = false;
        closeAll(testDrivers);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        // Nested classes see the enclosing class's extension too; only the class that
        // registered it closes its class-level drivers.
        if (registeredBy == null || registeredBy.equals(context.getUniqueId())) {
            registeredBy = null;
            closeAll(classDrivers);
        }
    }

    /** Closes every driver in {@code drivers} and empties it; rethrows the first failure. */
    private static void closeAll(List<PipelineTestDriver> drivers) {
        RuntimeException failure = null;
        for (PipelineTestDriver driver : drivers) {
            try {
                driver.close();
            } catch (RuntimeException e) {
                // Keep closing the others: one driver's failure must not leave the rest open.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        drivers.clear();
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "DriverExtension[open in test=" + testDrivers.size() + ", open for class=" + classDrivers.size() + "]";
    }
}
