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
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the interleaving of input, steps, wall-clock moves, crashes and in-step
 * faults (crashes inside the commit protocol, failed commits, fencing), a stateless
 * pipeline (filter, mapValues, selectKey, to) commits every expected output exactly once, in
 * per-key order. Each seed is one {@link FaultSchedule}; a failure names its seed, and
 * {@code FaultSchedule.random(seed).withSteps(STEPS)} replays it.
 */
class StatelessExactlyOnceUnderFaultsTest {
    private static final int SEEDS = 200;
    private static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    @Test
    void shouldCommitEveryOutputExactlyOnceUnderRandomCrashesFaultsAndClockMoves() {
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        int seedsWithReplays = 0;
        int seedsWithFiredFaults = 0;
        int injected = 0;
        int fired = 0;
        for (long seed = 1; seed <= SEEDS; seed++) {
            Outcome outcome = runSeed(seed);
            if (outcome.failure() != null) {
                failures.add(outcome.failure());
            }
            if (outcome.replayed()) {
                seedsWithReplays++;
            }
            if (outcome.faultsFired() > 0) {
                seedsWithFiredFaults++;
            }
            injected += outcome.faultsInjected();
            fired += outcome.faultsFired();
        }
        System.out.printf("%d seeds in %d ms: %d injected faults, %d fired, %d seeds with a fired fault,"
                        + " %d seeds with replays, %d failing%n", SEEDS, (System.nanoTime() - start) / 1_000_000,
                injected, fired, seedsWithFiredFaults, seedsWithReplays, failures.size());
        assertThat(failures).as("seeds that broke exactly-once (replay one with runSeed(seed))").isEmpty();
        assertThat(seedsWithReplays)
                .as("seeds whose crashes made the pipeline process some input again; with few, the property is vacuous")
                .isGreaterThan(SEEDS / 2);
        assertThat(seedsWithFiredFaults)
                .as("seeds where at least one injected in-step fault fired; with few, the faults test nothing")
                .isGreaterThan(SEEDS / 2);
    }

    @Test
    void faultSchedule_shouldBeTheSameForTheSameSeed() {
        assertThat(FaultSchedule.random(7).withSteps(STEPS).actions())
                .isEqualTo(FaultSchedule.random(7).withSteps(STEPS).actions())
                .isNotEqualTo(FaultSchedule.random(8).withSteps(STEPS).actions())
                .hasSize(STEPS);
    }

    @Test
    void faultSchedule_shouldDrawEveryRecoverableFaultAndDescribeItCompactly() {
        Set<FaultSchedule.FaultKind> drawn = EnumSet.noneOf(FaultSchedule.FaultKind.class);
        for (long seed = 1; seed <= SEEDS; seed++) {
            for (FaultSchedule.Action action : FaultSchedule.random(seed).withSteps(STEPS).actions()) {
                if (action.kind() == FaultSchedule.Kind.INJECT_FAULT) {
                    drawn.add(action.fault());
                    assertThat(action.toFault()).isNotNull();
                } else {
                    assertThat(action.fault()).isNull();
                }
            }
        }
        assertThat(drawn).containsExactlyInAnyOrder(FaultSchedule.FaultKind.values());
        assertThat(FaultSchedule.Action.inject(FaultSchedule.FaultKind.CRASH_DURING_COMMIT, 0))
                .hasToString("fault crash-during-commit");
        assertThat(FaultSchedule.Action.inject(FaultSchedule.FaultKind.CRASH_AFTER_RECORDS_SENT, 3))
                .hasToString("fault crash-after-3-sent");
        assertThat(FaultSchedule.Action.inject(FaultSchedule.FaultKind.COMMIT_TIMEOUT, 0).toFault().toString())
                .contains("TimeoutException");
    }

    /**
     * What one schedule did.
     *
     * @param failure        null if exactly-once held, else a description starting with {@code seed=}
     * @param replayed       whether the pipeline processed more records than were sent (a crash threw
     *                       processed but uncommitted work away)
     * @param faultsInjected the schedule's {@link FaultSchedule.Kind#INJECT_FAULT} actions
     * @param faultsFired    how many of them fired (the others were replaced before they fired)
     */
    private record Outcome(String failure, boolean replayed, int faultsInjected, int faultsFired) {
    }

    private static Outcome runSeed(long seed) {
        FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
        int threads = seed % 2 == 0 ? 2 : 1;
        List<Integer> sent = new ArrayList<>();
        AtomicInteger processed = new AtomicInteger();
        int injected = (int) schedule.actions().stream()
                .filter(a -> a.kind() == FaultSchedule.Kind.INJECT_FAULT).count();
        int fired = 0;
        try (PipelineTestDriver driver = PipelineTestDriver.builder(pipeline(processed), config(seed, threads))
                .topic("in", 3).topic("out", 2).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            fired += schedule.runOn(driver, count -> {
                for (int i = 0; i < count; i++) {
                    int n = sent.size();
                    in.send(inputKey(n), "e" + n);
                    sent.add(n);
                }
            });
            boolean pending = driver.faultPending();
            driver.runUntilIdle();
            if (pending && !driver.faultPending()) {
                fired++;
            }

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
            return new Outcome(failure, processed.get() > sent.size(), injected, fired);
        } catch (RuntimeException e) {
            return new Outcome(describe(seed, threads, schedule, "threw " + e), processed.get() > sent.size(),
                    injected, fired);
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
