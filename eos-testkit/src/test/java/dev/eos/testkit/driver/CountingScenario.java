package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Utils;

/**
 * A stateful count ({@code groupByKey().count()} into store "counts", every new count to "out")
 * on a two-partition input, with the keys it sends and the counts exactly-once demands: each
 * key's outputs are 1, 2, ..., n in order. A lost store write repeats a number, a doubled one
 * skips one.
 */
final class CountingScenario {
    static final int PARTITIONS = 2;

    private final List<String> sent = new ArrayList<>();
    private final TestInput<String, String> in;
    private final PipelineTestDriver driver;

    CountingScenario(PipelineTestDriver driver) {
        this.driver = driver;
        this.in = driver.input("in", Serdes.String(), Serdes.String());
    }

    static Pipeline pipeline(boolean inMemoryStore) {
        Materialized<String, Long> counts = Materialized.<String, Long>as("counts").withKeySerde(Serdes.String());
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(inMemoryStore ? counts.inMemory() : counts)
                .toStream()
                .to("out", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    /** Commits only when drained (the interval is an hour), so a step leaves its work in one transaction. */
    static EosConfig.Builder config(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.COMMIT_INTERVAL_MS, 3_600_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 3_610_000);
    }

    static PipelineTestDriver.Builder driver(boolean inMemoryStore, EosConfig config) {
        return PipelineTestDriver.builder(pipeline(inMemoryStore), config)
                .topic("in", PARTITIONS).topic("out", PARTITIONS);
    }

    /** The {@code n}-th key (from 0) that Kafka's default partitioner puts on input partition {@code partition}. */
    static String keyOn(int partition, int n) {
        int found = -1;
        for (int i = 0; ; i++) {
            String key = "key-" + i;
            if (Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS == partition
                    && ++found == n) {
                return key;
            }
        }
    }

    /** Sends one record for each key. */
    void send(String... keys) {
        for (String key : keys) {
            in.send(key, "v" + sent.size());
            sent.add(key);
        }
    }

    /** Sends {@code times} records of {@code key}. */
    void send(String key, int times) {
        for (int i = 0; i < times; i++) {
            send(key);
        }
    }

    /** What the committed output of "out" says against the counts every key must have gone through. */
    VerificationReport verify() {
        Map<String, Long> counts = new HashMap<>();
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (String key : sent) {
            expected.add(Map.entry(key, Long.toString(counts.merge(key, 1L, Long::sum))));
        }
        List<Map.Entry<String, String>> actual = driver.output("out", Serdes.String(), Serdes.Long())
                .readKeyValues().stream().map(kv -> Map.entry(kv.key(), Long.toString(kv.value()))).toList();
        return ExactlyOnceVerifier.verify(sent.size(), expected, actual);
    }

    /** The count each key must end with. */
    Map<String, Long> finalCounts() {
        Map<String, Long> counts = new HashMap<>();
        sent.forEach(key -> counts.merge(key, 1L, Long::sum));
        return counts;
    }
}
