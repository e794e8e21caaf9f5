package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * {@code processing.guarantee=at_least_once} under the same seeded crashes and faults as the
 * exactly-once properties: nothing is ever lost, and the crashes do produce duplicates (the
 * price of running without transactions).
 */
class AtLeastOnceUnderFaultsTest {
    private static final int SEEDS = 200;
    private static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    @Test
    void shouldNeverLoseOutputButDuplicateSomeAfterCrashes() {
        long missing = 0;
        long duplicates = 0;
        int seedsWithDuplicates = 0;
        List<String> thrown = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
            List<Integer> sent = new ArrayList<>();
            try (PipelineTestDriver driver = PipelineTestDriver.builder(stateless(), config(seed))
                    .topic("in", 3).topic("out", 2).build()) {
                TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
                schedule.runOn(driver, count -> send(in, sent, count));
                driver.runUntilIdle();
                List<Map.Entry<String, String>> expected = new ArrayList<>();
                sent.forEach(n -> expected.add(Map.entry(inputKey(n), "E" + n)));
                List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), Serdes.String())
                        .readKeyValues().stream().map(kv -> Map.entry(kv.key(), kv.value())).toList();
                VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expected, actual);
                missing += report.missing();
                duplicates += report.duplicates();
                if (report.duplicates() > 0) {
                    seedsWithDuplicates++;
                }
            } catch (RuntimeException e) {
                thrown.add("seed=" + seed + ": " + e);
            }
        }
        System.out.printf("at-least-once: %d seeds, %d duplicates in %d seeds, %d missing%n", SEEDS, duplicates,
                seedsWithDuplicates, missing);
        assertThat(thrown).isEmpty();
        assertThat(missing).as("at-least-once never loses output").isZero();
        assertThat(seedsWithDuplicates).as("without transactions, crashes duplicate output").isGreaterThan(SEEDS / 4);
    }

    @Test
    void statefulCount_shouldNeverCountLessThanTheInput() {
        List<String> failures = new ArrayList<>();
        int seedsOvercounting = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
            List<Integer> sent = new ArrayList<>();
            try (PipelineTestDriver driver = PipelineTestDriver.builder(counting(), config(seed))
                    .topic("in", 3).topic("out", 2).build()) {
                TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
                schedule.runOn(driver, count -> send(in, sent, count));
                driver.runUntilIdle();
                Map<String, Long> oracle = new HashMap<>();
                sent.forEach(n -> oracle.merge(inputKey(n), 1L, Long::sum));
                Map<String, Long> counts = driver.keyValueStore("counts");
                boolean over = false;
                for (Map.Entry<String, Long> e : oracle.entrySet()) {
                    long counted = counts.getOrDefault(e.getKey(), 0L);
                    if (counted < e.getValue()) {
                        failures.add("seed=" + seed + ": " + e.getKey() + " counted " + counted + " < " + e.getValue());
                    }
                    over |= counted > e.getValue();
                }
                if (over) {
                    seedsOvercounting++;
                }
            } catch (RuntimeException e) {
                failures.add("seed=" + seed + ": threw " + e);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(seedsOvercounting).as("replays after crashes count some input twice").isPositive();
    }

    private static void send(TestInput<String, String> in, List<Integer> sent, int count) {
        for (int i = 0; i < count; i++) {
            int n = sent.size();
            in.send(inputKey(n), "e" + n);
            sent.add(n);
        }
    }

    private static String inputKey(int n) {
        return "k" + n % INPUT_KEYS;
    }

    private static Pipeline stateless() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static Pipeline counting() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("counts"))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static EosConfig config(long seed) {
        return EosConfig.builder().applicationId("alos").bootstrapServers("never-used:9092")
                .set(EosConfig.PROCESSING_GUARANTEE, "at_least_once")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, seed % 2 == 0 ? 2 : 1)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .build();
    }
}
