package dev.eos.testkit.assertions;

import dev.eos.testkit.driver.TestOutput;
import dev.eos.testkit.verify.VerificationReport;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions in the terms of exactly-once processing, for any test framework: a failure throws
 * {@link AssertionFailedError}, which JUnit, TestNG and IDEs report as a test failure (with a
 * diff where the assertion has an expected and an actual value). They do not need AssertJ.
 *
 * <pre>{@code
 * import static dev.eos.testkit.assertions.EosAssertions.assertThat;
 *
 * in.send("a", "one");
 * driver.crashAndRestart();
 * driver.runUntilIdle();
 * assertThat(out).containsExactlyOnce(KeyValue.of("a", "ONE"));
 * }</pre>
 *
 * <p>The output assertions read the committed content of the topic when called, as a
 * read_committed consumer would see it; see {@link OutputAssert}.
 */
public final class EosAssertions {
    private EosAssertions() {
    }

    /**
     * Assertions on what the pipeline committed to {@code output}'s topic.
     *
     * <pre>{@code
     * assertThat(driver.output("out", Serdes.String(), Serdes.String()))
     *         .containsExactlyOnce(KeyValue.of("a", "ONE"), KeyValue.of("a", "TWO"));
     * }</pre>
     */
    public static <K, V> OutputAssert<K, V> assertThat(TestOutput<K, V> output) {
        return new OutputAssert<>(Objects.requireNonNull(output, "output"));
    }

    /**
     * Passes if {@code report} found every expected output exactly once, nothing else and per-key
     * order kept; otherwise fails with the report's readable diff.
     *
     * <pre>{@code
     * VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expected, actual);
     * assertExactlyOnce(report);
     * }</pre>
     *
     * @throws AssertionFailedError if the report shows a duplicate, a missing or unexpected
     *                              output, or an order violation
     */
    public static void assertExactlyOnce(VerificationReport report) {
        assertExactlyOnce(report, null);
    }

    /**
     * {@link #assertExactlyOnce(VerificationReport)} with {@code context} (such as the fault
     * schedule and its seed) at the start of the failure message, so a failure can be replayed.
     *
     * <pre>{@code
     * assertExactlyOnce(report, schedule.toString());   // "FaultSchedule[seed=42, steps=60]: not exactly once..."
     * }</pre>
     *
     * @param context what to put before the diff; null for nothing
     * @throws AssertionFailedError if the report is not exactly once
     */
    public static void assertExactlyOnce(VerificationReport report, String context) {
        Objects.requireNonNull(report, "report");
        if (!report.isExactlyOnce()) {
            String prefix = context == null ? "" : context + ": ";
            throw new AssertionFailedError(prefix + "not exactly once: " + report.describe());
        }
    }
}
