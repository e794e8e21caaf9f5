package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks and their stores move between two instances of one counting app, each with its own
 * state.dir: instance B joins while A runs (B restores the partitions it takes over from the
 * changelog), then A closes (B restores A's remaining partitions). Every input is counted exactly
 * once throughout: every key's committed counts are exactly {@code 1..n}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TaskMoveIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200;
    private static final int PER_PHASE = 3_000;

    @TempDir
    Path tempDir;

    @Test
    void shouldCountEveryInputExactlyOnceWhenTasksMoveToAJoiningInstanceAndBackFromALeavingOne() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("move-in");
        String out = KAFKA.uniqueTopic("move-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic("move-app");
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();

        EosApp a = EosApp.create(countPipeline(in, out), config(kafka, appId, tempDir.resolve("a")));
        EosApp b = EosApp.create(countPipeline(in, out), config(kafka, appId, tempDir.resolve("b")));
        try (a; b) {
            // Phase 1: A alone counts keys of every partition.
            Apps.startAndAwaitRunning(a);
            send(kafka, in, input, 1L);
            awaitAllConsumed(kafka, appId, in, a, b);

            // Phase 2: B joins; the partitions it takes hold A's counts, which B restores.
            Apps.startAndAwaitRunning(b);
            Await.until("B restored the stores of the partitions it took over, and both run", MOVE_TIMEOUT, () -> {
                failIfDead(a, b);
                return b.metrics().changelogRecordsRestored() > 0
                        && a.state() == AppState.RUNNING && b.state() == AppState.RUNNING;
            });
            long restoredOnJoin = b.metrics().changelogRecordsRestored();
            send(kafka, in, input, 2L);
            awaitAllConsumed(kafka, appId, in, a, b);
            long committedByA = a.metrics().recordsCommitted();

            // Phase 3: A leaves; B restores A's partitions, including what A counted in phase 2.
            a.close();
            Await.until("B restored the partitions A left and runs", MOVE_TIMEOUT, () -> {
                failIfDead(b);
                return b.metrics().changelogRecordsRestored() > restoredOnJoin && b.state() == AppState.RUNNING;
            });
            send(kafka, in, input, 3L);
            awaitAllConsumed(kafka, appId, in, b);
            System.out.printf("%s: A committed %d records; B restored %d changelog records on joining, %d in all,"
                    + " and committed %d records%n", getClass().getSimpleName(), committedByA, restoredOnJoin,
                    b.metrics().changelogRecordsRestored(), b.metrics().recordsCommitted());
            assertThat(committedByA).as("records A committed before B joined and while both ran")
                    .isGreaterThan(PER_PHASE);
            assertThat(b.metrics().recordsCommitted()).as("records B committed").isGreaterThan(PER_PHASE);
        }

        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, input.size());
        assertThat(CountOutput.problems(CountOutput.oracle(input), CountOutput.updatesByKey(committed), 20))
                .as("keys whose committed counts are not exactly 1..n").isEmpty();
        assertThat(committed).hasSize(input.size());
    }

    private static Pipeline countPipeline(String in, String out) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(STRINGS, Serdes.Long()));
        return builder.build();
    }

    private static EosConfig config(EmbeddedKafkaCluster kafka, String appId, Path stateDir) {
        return KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .build();
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, List<ProducerRecord<byte[], byte[]>> all,
                             long seed) {
        List<ProducerRecord<byte[], byte[]>> phase = CountOutput.randomKeys(in, PER_PHASE, KEYS, seed);
        KafkaIo.produce(kafka, phase);
        all.addAll(phase);
    }

    private static void awaitAllConsumed(EmbeddedKafkaCluster kafka, String appId, String in, EosApp... apps)
            throws InterruptedException {
        KafkaIo.awaitAllConsumed(kafka, appId, in, MOVE_TIMEOUT, () -> failIfDead(apps));
    }

    private static void failIfDead(EosApp... apps) {
        for (EosApp app : apps) {
            if (app.state() == AppState.ERROR || app.state() == AppState.CLOSED) {
                throw new AssertionError("An app stopped in state " + app.state() + " with fatal error "
                        + app.fatalError(), app.fatalError());
            }
        }
    }
}
