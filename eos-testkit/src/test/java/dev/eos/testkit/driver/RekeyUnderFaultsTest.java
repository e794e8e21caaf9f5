package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Property: exactly-once holds across a repartition hop under random crashes, in-step faults,
 * clock moves and scale-out/in. The write into the repartition topic and the read from it both
 * happen inside transactions, so every input reaches the output once, in order per key.
 */
class RekeyUnderFaultsTest {
    private static final int SEEDS = 200;
    private static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    @Test
    void rekeyThroughARepartitionTopic_shouldDeliverEveryRecordOnceInOrderPerKey() {
        List<String> failures = run(RekeyUnderFaultsTest::rekeyPipeline, sent -> {
            List<Map.Entry<String, String>> expected = new ArrayList<>();
            sent.forEach(n -> expected.add(Map.entry("user-" + inputKey(n), "E" + n)));
            return expected;
        }, Serdes.String());
        assertThat(failures).as("seeds that broke exactly-once").isEmpty();
    }

    @Test
    void groupByCount_shouldCountEveryRecordOnceUnderItsNewKey() {
        List<String> failures = run(RekeyUnderFaultsTest::groupByPipeline, sent -> {
            Map<String, Long> counts = new HashMap<>();
            List<Map.Entry<String, String>> expected = new ArrayList<>();
            sent.forEach(n -> expected.add(Map.entry(bucket(n), Long.toString(counts.merge(bucket(n), 1L, Long::sum)))));
            return expected;
        }, Serdes.Long());
        assertThat(failures).as("seeds that broke exactly-once").isEmpty();
    }

    private static <V> List<String> run(Function<Long, Pipeline> pipeline,
                                        Function<List<Integer>, List<Map.Entry<String, String>>> expectedOf,
                                        org.apache.kafka.common.serialization.Serde<V> outValues) {
        List<String> failures = new ArrayList<>();
        long start = System.nanoTime();
        for (long seed = 1; seed <= SEEDS; seed++) {
            FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
            List<Integer> sent = new ArrayList<>();
            try (PipelineTestDriver driver = PipelineTestDriver.builder(pipeline.apply(seed), config(seed))
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
                List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), outValues)
                        .readKeyValues().stream().map(kv -> Map.entry(kv.key(), String.valueOf(kv.value()))).toList();
                VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expectedOf.apply(sent), actual);
                if (!report.isExactlyOnce()) {
                    failures.add("seed=" + seed + " " + schedule.actions() + ": " + report.describe());
                }
            } catch (RuntimeException e) {
                failures.add("seed=" + seed + " " + schedule.actions() + ": threw " + e);
            }
        }
        System.out.printf("rekey: %d seeds in %d ms, %d failing%n", SEEDS, (System.nanoTime() - start) / 1_000_000,
                failures.size());
        return failures;
    }

    private static String inputKey(int n) {
        return "k" + n % INPUT_KEYS;
    }

    /** Three new keys, each fed by input keys of several input partitions. */
    private static String bucket(int n) {
        return "b" + (n % INPUT_KEYS) % 3;
    }

    /** Re-keys one-to-one, through a repartition topic of 4 partitions (the input has 3). */
    private static Pipeline rekeyPipeline(long seed) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((k, v) -> "user-" + k)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withNumberOfPartitions(4)
                        .withName("by-user"))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static Pipeline groupByPipeline(long seed) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((k, v) -> "b" + Integer.parseInt(k.substring(1)) % 3, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("per-bucket"))
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static EosConfig config(long seed) {
        EosConfig.Builder config = EosConfig.builder().applicationId("rekey").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, seed % 2 == 0 ? 2 : 1)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 50);
        if (seed % 3 == 0) {
            config.set(EosConfig.TRANSACTION_MAX_RECORDS, 7);
        }
        return config.build();
    }
}
