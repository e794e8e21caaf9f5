package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the interleaving of input, steps, wall-clock moves and crashes, a stateless
 * pipeline (filter, mapValues, selectKey, to) commits every expected output exactly once, in
 * per-key order. Each seed is one {@link FaultSchedule}; a failure names its seed, and
 * {@code FaultSchedule.random(seed).withSteps(STEPS)} replays it.
 */
class StatelessExactlyOnceUnderFaultsTest {
    private static final int SEEDS = 200;
    private static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    @Test
    void shouldCommitEveryOutputExactlyOnceUnderRandomCrashesAndClockMoves() {
        List<String> failures = new ArrayList<>();
        int seedsWithReplays = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Outcome outcome = runSeed(seed);
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
            if (outcome.replayed()) {
                seedsWithReplays++;
            }
        }
        assertThat(failures).as("seeds that broke exactly-once (replay one with runSeed(seed))").isEmpty();
        assertThat(seedsWithReplays)
                .as("seeds whose crashes made the pipeline process some input again; with few, the property is vacuous")
                .isGreaterThan(SEEDS / 2);
    }

    @Test
    void faultSchedule_shouldBeTheSameForTheSameSeed() {
        assertThat(FaultSchedule.random(7).withSteps(STEPS).actions())
                .isEqualTo(FaultSchedule.random(7).withSteps(STEPS).actions())
                .isNotEqualTo(FaultSchedule.random(8).withSteps(STEPS).actions())
                .hasSize(STEPS);
    }

    /**
     * What one schedule did.
     *
     * @param failure  null if exactly-once held, else a description starting with {@code seed=}
     * @param replayed whether the pipeline processed more records than were sent (a crash threw
     *                 processed but uncommitted work away)
     */
    private record Outcome(String failure, boolean replayed) {
    }

    private static Outcome runSeed(long seed) {
        FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
        int threads = seed % 2 == 0 ? 2 : 1;
        List<Integer> sent = new ArrayList<>();
        AtomicInteger processed = new AtomicInteger();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(pipeline(processed), config(seed, threads))
                .topic("in", 3).topic("out", 2).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            schedule.runOn(driver, count -> {
                for (int i = 0; i < count; i++) {
                    int n = sent.size();
                    in.send(inputKey(n), "e" + n);
                    sent.add(n);
                }
            });
            driver.runUntilIdle();

            List<Map.Entry<String, String>> expected = new ArrayList<>();
            for (int n : sent) {
                if (n % 5 != 0) {
                    expected.add(Map.entry("user-" + inputKey(n), "E" + n));
                }
            }
            List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), Serdes.String())
                    .readKeyValues().stream().map(kv -> Map.entry(kv.key(), kv.value())).toList();
            VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expected, actual);
            String failure = report.isExactlyOnce() ? null : describe(seed, threads, schedule, report.describe());
            return new Outcome(failure, processed.get() > sent.size());
        } catch (RuntimeException e) {
            return new Outcome(describe(seed, threads, schedule, "threw " + e), processed.get() > sent.size());
        }
    }

    private static String describe(long seed, int threads, FaultSchedule schedule, String what) {
        return "seed=" + seed + " (num.threads=" + threads + ", actions " + schedule.actions() + "): " + what;
    }

    private static String inputKey(int n) {
        return "k" + n % INPUT_KEYS;
    }

    /**
     * Drops every fifth event, upper-cases the rest and rekeys by a one-to-one function of the
     * input key (so each output key's order is one input partition's order); counts every record
     * it processes, replays included.
     */
    private static Pipeline pipeline(AtomicInteger processed) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .peek((k, v) -> processed.incrementAndGet())
                .filter((k, v) -> Integer.parseInt(v.substring(1)) % 5 != 0)
                .mapValues(v -> v.toUpperCase())
                .selectKey((k, v) -> "user-" + k)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    /** Every third seed also caps transactions at a few records, so commits come due mid-batch. */
    private static EosConfig config(long seed, int threads) {
        EosConfig.Builder config = EosConfig.builder().applicationId("faults").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, threads)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100);
        if (seed % 3 == 0) {
            config.set(EosConfig.TRANSACTION_MAX_RECORDS, 7);
        }
        return config.build();
    }
}
