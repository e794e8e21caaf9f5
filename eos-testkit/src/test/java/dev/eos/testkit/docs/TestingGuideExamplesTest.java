package dev.eos.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.assertions.EosAssertions;
import dev.eos.testkit.driver.DriverExtension;
import dev.eos.testkit.driver.Fault;
import dev.eos.testkit.driver.FaultSchedule;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.driver.TestOutput;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.opentest4j.AssertionFailedError;

/**
 * The examples of docs/how-to/testing.md, compiled and run; the guide quotes them between the
 * {@code tag::} and {@code end::} comments. The last test checks that every Java snippet of the
 * guide is still found, line for line, in this file or one of the few other sources it quotes.
 */
class TestingGuideExamplesTest {
    // tag::driver-extension[]
    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    @Test
    void shouts() {
        PipelineTestDriver driver = drivers.create(shout(), config(), b -> b.topic("in", 2));
        driver.input("in", Serdes.String(), Serdes.String()).send("k", "hello");
        driver.runUntilIdle();
        EosAssertions.assertThat(driver.output("out", Serdes.String(), Serdes.String()))
                .containsExactlyOnce(KeyValue.of("k", "HELLO"));
    }
    // end::driver-extension[]

    @Test
    void firstTest() {
        // tag::first-test[]
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        EosConfig config = EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092").build();

        try (PipelineTestDriver driver = PipelineTestDriver.builder(builder.build(), config)
                .topic("in", 2).topic("out", 2)      // partitions; undeclared topics of the pipeline get 1
                .build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());

            in.send("k", "hello");
            driver.runUntilIdle();                   // step until nothing moves and everything is committed

            assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        }
        // end::first-test[]
    }

    @Test
    void crashBetweenSteps() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::crash-between-steps[]
        in.send("k", "hello");
        driver.stepOnce();          // processed, not yet committed
        assertThat(out.readKeyValues()).isEmpty();
        driver.crashAndRestart();   // the open transaction is aborted
        driver.runUntilIdle();      // processed again and committed once
        assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
        // end::crash-between-steps[]
    }

    @Test
    void faultInsideAStep() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        // tag::fault-inside-a-step[]
        driver.injectFault(Fault.crashDuringCommit());
        in.send("k", "hello");
        driver.runUntilIdle();              // crashes mid-commit, restarts, reprocesses, commits once
        assertThat(driver.faultPending()).isFalse();
        EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO"));
        // end::fault-inside-a-step[]
    }

    @Test
    void eosAssertions() {
        PipelineTestDriver driver = drivers.create(shout(), config());
        TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
        TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
        in.send("k", "hello");
        in.send("k", "world");
        driver.runUntilIdle();
        // tag::eos-assertions[]
        EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO"), KeyValue.of("k", "WORLD"));
        EosAssertions.assertThat(out).hasFinalValues(Map.of("k", "WORLD"));
        // end::eos-assertions[]
        // tag::eos-assertions-failure[]
        assertThatThrownBy(() -> EosAssertions.assertThat(out).containsExactlyOnce(KeyValue.of("k", "HELLO")))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("unexpected: (k, WORLD) committed 1 times");
        // end::eos-assertions-failure[]
    }

    @Test
    void seededFaultSchedules() {
        EosConfig config = config();
        // tag::seeded-schedules[]
        for (long seed = 1; seed <= 50; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed).withSteps(60);
            try (PipelineTestDriver driver = PipelineTestDriver.builder(shout(), config)
                    .topic("in", 3).topic("out", 2).build()) {
                TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
                List<Map.Entry<String, String>> expected = new ArrayList<>();
                schedule.runOn(driver, count -> {
                    for (int i = 0; i < count; i++) {
                        String key = "user-" + expected.size() % 7;
                        String value = "event-" + expected.size();
                        in.send(key, value);
                        expected.add(Map.entry(key, value.toUpperCase()));
                    }
                });
                driver.runUntilIdle();      // let the last fault fire and everything commit

                List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), Serdes.String())
                        .readKeyValues().stream().map(kv -> Map.entry(kv.key(), kv.value())).toList();
                VerificationReport report = ExactlyOnceVerifier.verify(expected.size(), expected, actual);
                EosAssertions.assertExactlyOnce(report, schedule.toString());   // names the seed to replay
            }
        }
        // end::seeded-schedules[]
    }

    @Test
    void verifierReport() {
        // tag::verifier-report[]
        VerificationReport report = ExactlyOnceVerifier.verify(3,
                List.of(Map.entry("k", "A"), Map.entry("k", "B"), Map.entry("k", "C")),
                List.of(Map.entry("k", "A"), Map.entry("k", "A"), Map.entry("k", "C")));
        assertThat(report.isExactlyOnce()).isFalse();
        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.missing()).isEqualTo(1);
        assertThat(report.describe()).contains("duplicate: (k, A) committed 2 times, expected 1",
                "missing: (k, B) committed 0 times, expected 1");
        // end::verifier-report[]
    }

    /** Upper-cases every value of "in" into "out". */
    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static EosConfig config() {
        return EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092").build();
    }

    /** The files the guide may quote, relative to the eos-testkit module. */
    private static final List<String> QUOTED_SOURCES = List.of(
            "src/test/java/dev/eos/testkit/docs/TestingGuideExamplesTest.java",
            "src/test/java/dev/eos/testkit/docs/StateGuideExamplesTest.java",
            "src/test/java/dev/eos/testkit/driver/mutants/Mutants.java",
            "src/test/java/dev/eos/testkit/driver/mutants/SeededRuns.java",
            "src/test/java/dev/eos/testkit/driver/mutants/MutantsAreCaughtTest.java",
            "src/test/java/dev/eos/testkit/driver/DslAgreesWithKafkaStreamsTest.java",
            "src/test/java/dev/eos/it/GuaranteeChecksIT.java");

    @Test
    void testingGuide_shouldQuoteOnlyCodeFoundInTheTestedSources() throws IOException {
        String guide = Files.readString(Path.of("../docs/how-to/testing.md"));
        List<List<String>> sources = new ArrayList<>();
        for (String source : QUOTED_SOURCES) {
            sources.add(trimmedLines(Files.readString(Path.of(source))));
        }
        Matcher snippets = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(guide);
        int count = 0;
        while (snippets.find()) {
            count++;
            List<String> snippet = trimmedLines(snippets.group(1)).stream().filter(l -> !l.equals("...")).toList();
            assertThat(sources.stream().anyMatch(lines -> containsRun(lines, snippet)))
                    .as("snippet %d of testing.md is not in %s:%n%s", count, QUOTED_SOURCES, snippets.group(1))
                    .isTrue();
        }
        assertThat(count).as("java snippets in testing.md").isGreaterThanOrEqualTo(8);
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    private static boolean containsRun(List<String> lines, List<String> run) {
        return java.util.Collections.indexOfSubList(lines, run) >= 0;
    }
}
