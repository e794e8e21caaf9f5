package dev.eos.testkit.driver.mutants;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.driver.FaultSchedule;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Runs seeded {@link FaultSchedule}s on a stateless pipeline, with the runtime's clients wrapped
 * by a {@link Mutant}, and verifies each run with the {@link ExactlyOnceVerifier}. The pipeline
 * and configs are those of {@code StatelessExactlyOnceUnderFaultsTest}: every fifth event
 * dropped, the rest upper-cased and rekeyed; one or two threads; every third seed caps
 * transactions at 7 records.
 */
final class SeededRuns {
    static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    private SeededRuns() {
    }

    /**
     * One seed's outcome.
     *
     * @param report the verifier's report, or null if the run threw
     * @param thrown what the run threw, or null
     */
    record Outcome(long seed, VerificationReport report, RuntimeException thrown) {
        boolean violated() {
            return report != null && !report.isExactlyOnce();
        }
    }

    /** What a mutant did over seeds 1..n. */
    record Tally(Mutant mutant, List<Outcome> outcomes, long millis) {
        long violatingSeeds() {
            return outcomes.stream().filter(Outcome::violated).count();
        }

        long throwingSeeds() {
            return outcomes.stream().filter(o -> o.thrown() != null).count();
        }

        long duplicates() {
            return outcomes.stream().filter(o -> o.report() != null).mapToLong(o -> o.report().duplicates()).sum();
        }

        long missing() {
            return outcomes.stream().filter(o -> o.report() != null).mapToLong(o -> o.report().missing()).sum();
        }

        /** The first failing seed, described for an assertion message. */
        String firstFailure() {
            return outcomes.stream().filter(o -> o.violated() || o.thrown() != null).findFirst()
                    .map(o -> "seed=" + o.seed() + ": " + (o.thrown() != null ? "threw " + o.thrown()
                            : o.report().describe()))
                    .orElse("none");
        }

        String summary(String name) {
            String thrown = outcomes.stream().filter(o -> o.thrown() != null).findFirst()
                    .map(o -> "; seed " + o.seed() + " threw " + o.thrown()).orElse("");
            return String.format("%s: %d/%d seeds violated exactly-once, %d threw (duplicates %d, missing %d) in %d ms%s",
                    name, violatingSeeds(), outcomes.size(), throwingSeeds(), duplicates(), missing(), millis, thrown);
        }
    }

    /**
     * A pipeline and what it must commit to "out": the expected key-values for the inputs sent
     * (numbered 0..n-1), and the committed output rendered as strings.
     */
    private record Scenario(Supplier<Pipeline> pipeline,
                            Function<List<Integer>, List<Map.Entry<String, String>>> expected,
                            Function<PipelineTestDriver, List<Map.Entry<String, String>>> actual) {
    }

    /** The stateless pipeline: every fifth event dropped, the rest upper-cased and rekeyed. */
    private static final Scenario STATELESS = new Scenario(SeededRuns::pipeline, sent -> {
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (int n : sent) {
            if (n % 5 != 0) {
                expected.add(Map.entry("user-" + inputKey(n), "E" + n));
            }
        }
        return expected;
    }, driver -> driver.output("out", Serdes.String(), Serdes.String())
            .readKeyValues().stream().map(kv -> Map.entry(kv.key(), kv.value())).toList());

    /**
     * A stateful count: key k's outputs must be exactly 1, 2, ..., n in order. A store that lost
     * or gained a write repeats or skips a number, which the verifier reports as a duplicate or a
     * missing result.
     */
    private static final Scenario STATEFUL_COUNT = new Scenario(SeededRuns::countPipeline, sent -> {
        Map<String, Long> counts = new HashMap<>();
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (int n : sent) {
            expected.add(Map.entry(inputKey(n), Long.toString(counts.merge(inputKey(n), 1L, Long::sum))));
        }
        return expected;
    }, driver -> driver.output("out", Serdes.String(), Serdes.Long())
            .readKeyValues().stream().map(kv -> Map.entry(kv.key(), Long.toString(kv.value()))).toList());

    static Tally run(Mutant mutant, int seeds) {
        return run(STATELESS, mutant, seeds);
    }

    /** Seeds 1..n on a stateful count ({@code groupByKey().count()}) instead. */
    static Tally runStateful(Mutant mutant, int seeds) {
        return run(STATEFUL_COUNT, mutant, seeds);
    }

    private static Tally run(Scenario scenario, Mutant mutant, int seeds) {
        long start = System.nanoTime();
        List<Outcome> outcomes = new ArrayList<>(seeds);
        for (long seed = 1; seed <= seeds; seed++) {
            outcomes.add(runSeed(scenario, mutant, seed));
        }
        return new Tally(mutant, outcomes, (System.nanoTime() - start) / 1_000_000);
    }

    private static Outcome runSeed(Scenario scenario, Mutant mutant, long seed) {
        FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
        List<Integer> sent = new ArrayList<>();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(scenario.pipeline().get(), config(seed))
                .topic("in", 3).topic("out", 2)
                .clientDecorator(inMemory -> new MutantClients(inMemory, mutant))
                .build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            schedule.runOn(driver, count -> {
                for (int i = 0; i < count; i++) {
                    int n = sent.size();
                    in.send(inputKey(n), "e" + n);
                    sent.add(n);
                }
            });
            driver.runUntilIdle();
            return new Outcome(seed, ExactlyOnceVerifier.verify(sent.size(), scenario.expected().apply(sent),
                    scenario.actual().apply(driver)), null);
        } catch (RuntimeException e) {
            return new Outcome(seed, null, e);
        }
    }

    private static Pipeline countPipeline() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(dev.eos.dsl.Grouped.with(Serdes.String(), Serdes.String()))
                .count(dev.eos.dsl.Materialized.<String, Long>as("counts").withKeySerde(Serdes.String()))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static String inputKey(int n) {
        return "k" + n % INPUT_KEYS;
    }

    private static Pipeline pipeline() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .filter((k, v) -> Integer.parseInt(v.substring(1)) % 5 != 0)
                .mapValues(v -> v.toUpperCase())
                .selectKey((k, v) -> "user-" + k)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static EosConfig config(long seed) {
        EosConfig.Builder config = EosConfig.builder().applicationId("mutants").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, seed % 2 == 0 ? 2 : 1)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100);
        if (seed % 3 == 0) {
            config.set(EosConfig.TRANSACTION_MAX_RECORDS, 7);
        }
        return config.build();
    }
}
