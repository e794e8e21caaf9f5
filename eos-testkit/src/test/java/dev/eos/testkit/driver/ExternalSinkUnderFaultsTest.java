package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.sink.ExternalSink;
import dev.eos.sink.ExternalSinkFactory;
import dev.eos.sink.SinkFencedException;
import dev.eos.sink.SinkRecord;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The external-sink contract under the seeded crashes and faults: an idempotent (upsert) sink
 * under at-least-once ends equal to the oracle, and an offset-owning sink with a fencing epoch
 * receives every record exactly once under exactly-once, also when the runtime reprocesses
 * input that the sink already holds.
 */
class ExternalSinkUnderFaultsTest {
    private static final int SEEDS = 200;
    private static final int STEPS = 60;
    private static final int INPUT_KEYS = 11;

    /** A toy database: rows, and per partition the next offset and the owner's epoch, changed atomically. */
    static final class ToyDatabase {
        final List<Map.Entry<String, String>> appended = new ArrayList<>();
        final Map<String, String> upserted = new TreeMap<>();
        final Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        final Map<TopicPartition, Integer> epochs = new HashMap<>();

        synchronized Map<TopicPartition, Integer> claim(Set<TopicPartition> partitions) {
            Map<TopicPartition, Integer> claimed = new HashMap<>();
            partitions.forEach(tp -> claimed.put(tp, epochs.merge(tp, 1, Integer::sum)));
            return claimed;
        }

        synchronized void appendExactlyOnce(List<SinkRecord<String, String>> records, Map<TopicPartition, Long> next,
                                            Map<TopicPartition, Integer> myEpochs) {
            for (TopicPartition tp : next.keySet()) {
                if (!epochs.getOrDefault(tp, 0).equals(myEpochs.get(tp))) {
                    throw new SinkFencedException(tp + " was claimed by epoch " + epochs.get(tp) + "; ours is "
                            + myEpochs.get(tp));
                }
            }
            for (SinkRecord<String, String> r : records) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= nextOffsets.getOrDefault(tp, 0L)) { // below: already in the table
                    appended.add(Map.entry(r.key(), r.value()));
                }
            }
            next.forEach((tp, offset) -> nextOffsets.merge(tp, offset, Math::max));
        }
    }

    @Test
    void offsetOwningSink_shouldHoldEveryRecordExactlyOnce() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            ToyDatabase db = new ToyDatabase();
            ExternalSinkFactory<String, String> factory = new ExternalSinkFactory<>() {
                @Override
                public ExternalSink<String, String> create() {
                    Map<TopicPartition, Integer> mine = new HashMap<>();
                    return new ExternalSink<>() {
                        @Override
                        public Map<TopicPartition, Long> onAssigned(Set<TopicPartition> partitions) {
                            mine.putAll(db.claim(partitions));
                            Map<TopicPartition, Long> starts = new HashMap<>();
                            synchronized (db) {
                                partitions.forEach(tp -> {
                                    if (db.nextOffsets.containsKey(tp)) {
                                        starts.put(tp, db.nextOffsets.get(tp));
                                    }
                                });
                            }
                            return starts;
                        }

                        @Override
                        public void write(List<SinkRecord<String, String>> records, Map<TopicPartition, Long> next) {
                            db.appendExactlyOnce(records, next, mine);
                        }
                    };
                }

                @Override
                public boolean ownsOffsets() {
                    return true;
                }
            };
            failures.addAll(runSeed(seed, "exactly_once", factory, (sent, expected) -> {
                VerificationReport report = ExactlyOnceVerifier.verify(sent, expected, db.appended);
                return report.isExactlyOnce() ? null : report.describe();
            }));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void upsertSinkUnderAtLeastOnce_shouldEndEqualToTheOracle() {
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= SEEDS; seed++) {
            ToyDatabase db = new ToyDatabase();
            ExternalSinkFactory<String, String> factory = () -> (records, next) -> {
                synchronized (db) {
                    records.forEach(r -> db.upserted.put(r.key(), r.value()));
                }
            };
            failures.addAll(runSeed(seed, "at_least_once", factory, (sent, expected) -> {
                Map<String, String> last = new TreeMap<>();
                expected.forEach(e -> last.put(e.getKey(), e.getValue()));
                return last.equals(db.upserted) ? null : "table " + db.upserted + " but expected " + last;
            }));
        }
        assertThat(failures).isEmpty();
    }

    interface Check {
        String failure(int sent, List<Map.Entry<String, String>> expected);
    }

    private static List<String> runSeed(long seed, String guarantee, ExternalSinkFactory<String, String> sink,
                                        Check check) {
        FaultSchedule schedule = FaultSchedule.random(seed).withSteps(STEPS);
        List<Integer> sent = new ArrayList<>();
        try (PipelineTestDriver driver = PipelineTestDriver.builder(pipeline(sink), config(seed, guarantee))
                .topic("in", 3).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            schedule.runOn(driver, count -> {
                for (int i = 0; i < count; i++) {
                    int n = sent.size();
                    in.send("k" + n % INPUT_KEYS, "e" + n);
                    sent.add(n);
                }
            });
            driver.runUntilIdle();
            List<Map.Entry<String, String>> expected = new ArrayList<>();
            sent.forEach(n -> expected.add(Map.entry("k" + n % INPUT_KEYS, "E" + n)));
            String failure = check.failure(sent.size(), expected);
            return failure == null ? List.of() : List.of("seed=" + seed + " " + schedule.actions() + ": " + failure);
        } catch (RuntimeException e) {
            return List.of("seed=" + seed + " " + schedule.actions() + ": threw " + e);
        }
    }

    private static Pipeline pipeline(ExternalSinkFactory<String, String> sink) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .sinkTo(sink);
        return builder.build();
    }

    private static EosConfig config(long seed, String guarantee) {
        return EosConfig.builder().applicationId("sinks").bootstrapServers("never-used:9092")
                .set(EosConfig.PROCESSING_GUARANTEE, guarantee)
                .set(EosConfig.INSTANCE_ID, "pod-0")
                .set(EosConfig.NUM_THREADS, seed % 2 == 0 ? 2 : 1)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .build();
    }
}
