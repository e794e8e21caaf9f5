package dev.eos.testkit.assertions;

import static dev.eos.testkit.assertions.EosAssertions.assertExactlyOnce;
import static dev.eos.testkit.assertions.EosAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.driver.TestOutput;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class OutputAssertTest {
    private PipelineTestDriver driver;
    private TestInput<String, String> in;
    private TestOutput<String, String> out;

    /** Drops values starting with "skip", upper-cases the rest. */
    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .filterNot((k, v) -> v.startsWith("skip"))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    @BeforeEach
    void startDriver() {
        EosConfig config = EosConfig.builder().applicationId("shout").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
        driver = PipelineTestDriver.builder(shout(), config).topic("in", 2).topic("out", 2).build();
        in = driver.input("in", Serdes.String(), Serdes.String());
        out = driver.output("out", Serdes.String(), Serdes.String());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    private void sendAndRun(String... keysAndValues) {
        for (int i = 0; i < keysAndValues.length; i += 2) {
            in.send(keysAndValues[i], keysAndValues[i + 1]);
        }
        driver.runUntilIdle();
    }

    @Test
    void containsExactlyOnce_shouldPassWhenEveryPairIsCommittedOnceAfterACrash() {
        in.send("a", "one");
        in.send("b", "two");
        driver.stepOnce();
        driver.crashAndRestart();
        in.send("a", "three");
        driver.runUntilIdle();

        assertDoesNotThrow(() -> assertThat(out)
                .containsExactlyOnce(KeyValue.of("a", "ONE"), KeyValue.of("b", "TWO"), KeyValue.of("a", "THREE"))
                .containsExactlyOnce(List.of(KeyValue.of("b", "TWO"), KeyValue.of("a", "ONE"), KeyValue.of("a", "THREE")))
                .hasFinalValues(Map.of("a", "THREE", "b", "TWO")));
    }

    @Test
    void containsExactlyOnce_shouldNameTheMissingPairWhenOneWasNotCommitted() {
        sendAndRun("a", "one", "b", "skip it");

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertThat(out).containsExactlyOnce(KeyValue.of("a", "ONE"), KeyValue.of("b", "SKIP IT")));

        assertContains(error.getMessage(), "topic 'out'", "missing 1", "missing: (b, SKIP IT) committed 0 times, expected 1");
        assertTrue(error.isExpectedDefined() && error.isActualDefined(), "an IDE diff needs expected and actual");
    }

    @Test
    void containsExactlyOnce_shouldNameTheDuplicateWhenAPairIsCommittedTwice() {
        sendAndRun("a", "one", "a", "one");

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertThat(out).containsExactlyOnce(KeyValue.of("a", "ONE")));

        assertContains(error.getMessage(), "duplicates 1", "duplicate: (a, ONE) committed 2 times, expected 1");
    }

    @Test
    void containsExactlyOnce_shouldNameTheUnexpectedPairWhenMoreWasCommitted() {
        sendAndRun("a", "one", "c", "extra");

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertThat(out).containsExactlyOnce(KeyValue.of("a", "ONE")));

        assertContains(error.getMessage(), "unexpected 1", "unexpected: (c, EXTRA) committed 1 times");
    }

    @Test
    void containsExactlyOnce_shouldNameTheKeyWhenItsValuesAreCommittedOutOfOrder() {
        sendAndRun("a", "one", "a", "two");

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertThat(out).containsExactlyOnce(KeyValue.of("a", "TWO"), KeyValue.of("a", "ONE")));

        assertContains(error.getMessage(), "order violations 1", "order: key a");
    }

    @Test
    void isEmpty_shouldPassWhenEverythingWasFilteredOut() {
        sendAndRun("a", "skip one", "b", "skip two");

        assertDoesNotThrow(() -> assertThat(out).isEmpty());
    }

    @Test
    void isEmpty_shouldListTheCommittedPairsWhenSomethingWasCommitted() {
        sendAndRun("a", "one");

        AssertionFailedError error = assertThrows(AssertionFailedError.class, () -> assertThat(out).isEmpty());

        assertContains(error.getMessage(), "to be empty", "1 key-values", "committed: (a, ONE)");
    }

    @Test
    void isEmpty_shouldIgnoreOutputOfAnOpenTransaction() {
        in.send("a", "one");
        driver.stepOnce();

        assertDoesNotThrow(() -> assertThat(out).isEmpty());
    }

    @Test
    void hasFinalValues_shouldNameMissingWrongAndUnexpectedKeys() {
        sendAndRun("a", "one", "a", "two", "c", "three");

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertThat(out).hasFinalValues(Map.of("a", "ONE", "b", "B")));

        assertContains(error.getMessage(), "wrong value: key a is TWO, expected ONE", "missing: key b, expected B",
                "unexpected: key c is THREE");
    }

    @Test
    void assertExactlyOnce_shouldPassForAnExactlyOnceReport() {
        VerificationReport report = ExactlyOnceVerifier.verify(1, List.of(Map.entry("a", "A")), List.of(Map.entry("a", "A")));

        assertDoesNotThrow(() -> assertExactlyOnce(report));
    }

    @Test
    void assertExactlyOnce_shouldFailWithContextAndDiffWhenTheReportHasDuplicates() {
        VerificationReport report = ExactlyOnceVerifier.verify(1, List.of(Map.entry("a", "A")),
                List.of(Map.entry("a", "A"), Map.entry("a", "A")));

        AssertionFailedError error = assertThrows(AssertionFailedError.class,
                () -> assertExactlyOnce(report, "FaultSchedule[seed=42, steps=60]"));

        assertContains(error.getMessage(), "FaultSchedule[seed=42, steps=60]: not exactly once",
                "duplicate: (a, A) committed 2 times, expected 1");
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "expected the message to contain <" + part + ">, was:\n" + message);
        }
    }
}
