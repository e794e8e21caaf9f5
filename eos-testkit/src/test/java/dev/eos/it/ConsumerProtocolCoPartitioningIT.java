package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, hole 4, under the KIP-848 consumer protocol ({@code consumer.group.protocol=consumer},
 * for which Eos sets {@code group.remote.assignor=range}): a count over two merged topics of 4
 * partitions each is one stateful task per partition number, reading partition {@code n} of both
 * topics and writing changelog partition {@code n}. Instances join and leave while input flows to
 * both topics: if partition {@code n} of the two topics were ever split between two members, both
 * would count key {@code k} from their own store and the committed counts of {@code k} would not
 * be exactly {@code 1..n}.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ConsumerProtocolCoPartitioningIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            // Reconciliation moves at heartbeat speed; the defaults (5 s) make every move slow.
            .withBrokerConfig("group.consumer.min.heartbeat.interval.ms", "500")
            .withBrokerConfig("group.consumer.heartbeat.interval.ms", "500");

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 100;

    @TempDir
    Path tempDir;

    /**
     * The embedded cluster is bootstrapped with a metadata version only, so its finalized
     * {@code group.version} is 0 and the broker refuses the consumer protocol. A broker formatted
     * by {@code kafka-storage.sh} 4.3.1 finalizes {@code group.version=1} by default; do the same.
     */
    @BeforeAll
    static void enableTheConsumerGroupProtocol() throws Exception {
        try (Admin admin = KAFKA.cluster().admin()) {
            FeatureMetadata before = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS);
            System.out.printf("%s: finalized features before: %s%n", ConsumerProtocolCoPartitioningIT.class.getSimpleName(),
                    before.finalizedFeatures());
            FinalizedVersionRange group = before.finalizedFeatures().get("group.version");
            if (group == null || group.maxVersionLevel() < 1) {
                admin.updateFeatures(Map.of("group.version", new FeatureUpdate((short) 1,
                        FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            }
        }
        Await.until("group.version 1 is finalized", Duration.ofSeconds(30), () -> {
            try (Admin admin = KAFKA.cluster().admin()) {
                FinalizedVersionRange group = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                        .finalizedFeatures().get("group.version");
                return group != null && group.maxVersionLevel() >= 1;
            }
        });
    }

    @Test
    void shouldCountEveryInputOfBothTopicsExactlyOnceWhileInstancesJoinAndLeaveUnderTheConsumerProtocol()
            throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String left = KAFKA.uniqueTopic("copart-left");
        String right = KAFKA.uniqueTopic("copart-right");
        String out = KAFKA.uniqueTopic("copart-out");
        kafka.createTopic(left, PARTITIONS);
        kafka.createTopic(right, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        String appId = KAFKA.uniqueTopic("copart-app");
        Pipeline pipeline = mergedCount(left, right, out);

        EosApp a = EosApp.create(pipeline, config(kafka, appId, tempDir.resolve("a")));
        EosApp b = EosApp.create(pipeline, config(kafka, appId, tempDir.resolve("b")));
        EosApp c = EosApp.create(pipeline, config(kafka, appId, tempDir.resolve("c")));
        List<ProducerRecord<byte[], byte[]>> input = Collections.synchronizedList(new ArrayList<>());
        try (a; b; c; FlowingInput flow = new FlowingInput(kafka, left, right, input)) {
            // 1. A alone counts both topics.
            Apps.startAndAwaitRunning(a);
            flow.start();
            flow.awaitMoreThan(1_000);

            // 2. B joins while input flows: some partition numbers move from A to B.
            Apps.startAndAwaitRunning(b);
            awaitBothRunningAndRestored(b, a);
            flow.awaitMoreThan(input.size() + 1_000);

            // 3. A leaves while input flows: B takes everything.
            a.close();
            Await.until("B runs every task after A left", MOVE_TIMEOUT, () -> {
                failIfDead(b);
                return b.state() == AppState.RUNNING;
            });
            flow.awaitMoreThan(input.size() + 1_000);

            // 4. C joins while input flows; then the input stops and B and C finish it.
            Apps.startAndAwaitRunning(c);
            awaitBothRunningAndRestored(c, b);
            flow.awaitMoreThan(input.size() + 1_000);
            flow.stop();
            for (String topic : List.of(left, right)) {
                KafkaIo.awaitAllConsumed(kafka, appId, topic, MOVE_TIMEOUT, () -> failIfDead(b, c));
            }
            System.out.printf("%s: %d inputs; committed by A %d, B %d, C %d; restored by B %d, C %d%n",
                    getClass().getSimpleName(), input.size(), a.metrics().recordsCommitted(),
                    b.metrics().recordsCommitted(), c.metrics().recordsCommitted(),
                    b.metrics().changelogRecordsRestored(), c.metrics().changelogRecordsRestored());
            assertThat(c.metrics().recordsCommitted()).as("records C committed").isPositive();
        }

        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, input.size());
        assertThat(CountOutput.problems(CountOutput.oracle(input), CountOutput.updatesByKey(committed), 20))
                .as("keys whose committed counts are not exactly 1..n").isEmpty();
        assertThat(committed).hasSize(input.size());
    }

    private static Pipeline mergedCount(String left, String right, String out) {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> l = builder.stream(left, Consumed.with(STRINGS, STRINGS));
        EventStream<String, String> r = builder.stream(right, Consumed.with(STRINGS, STRINGS));
        l.merge(r)
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(STRINGS, Serdes.Long()));
        return builder.build();
    }

    private static EosConfig config(EmbeddedKafkaCluster kafka, String appId, Path stateDir) {
        return KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .set("consumer.group.protocol", "consumer")
                .build();
    }

    private static void awaitBothRunningAndRestored(EosApp joined, EosApp other) throws InterruptedException {
        Await.until("the joining instance restored the stores it took over, and both run", MOVE_TIMEOUT, () -> {
            failIfDead(joined, other);
            return joined.metrics().changelogRecordsRestored() > 0
                    && joined.state() == AppState.RUNNING && other.state() == AppState.RUNNING;
        });
    }

    private static void failIfDead(EosApp... apps) {
        for (EosApp app : apps) {
            if (app.state() == AppState.ERROR || app.state() == AppState.CLOSED) {
                throw new AssertionError("An app stopped in state " + app.state() + " with fatal error "
                        + app.fatalError(), app.fatalError());
            }
        }
    }

    /**
     * Writes batches of keyed records to both topics (same keys in both: key {@code k} lands on
     * the same partition number of each) from a background thread until stopped; every record
     * acknowledged is added to {@code written}.
     */
    private static final class FlowingInput implements AutoCloseable {
        private final EmbeddedKafkaCluster kafka;
        private final String left;
        private final String right;
        private final List<ProducerRecord<byte[], byte[]>> written;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private Thread thread;

        FlowingInput(EmbeddedKafkaCluster kafka, String left, String right,
                     List<ProducerRecord<byte[], byte[]>> written) {
            this.kafka = kafka;
            this.left = left;
            this.right = right;
            this.written = written;
        }

        void start() {
            thread = new Thread(this::run, "flowing-input");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            Random random = new Random(848);
            int n = 0;
            try (Producer<byte[], byte[]> producer = KafkaIo.producer(kafka)) {
                while (!stop.get()) {
                    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    for (int i = 0; i < 100; i++, n++) {
                        batch.add(KafkaIo.record(n % 2 == 0 ? left : right, CountOutput.key(random.nextInt(KEYS)),
                                "v" + n));
                    }
                    List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks =
                            new ArrayList<>();
                    batch.forEach(r -> acks.add(producer.send(r)));
                    producer.flush();
                    for (var ack : acks) {
                        ack.get(30, TimeUnit.SECONDS);
                    }
                    written.addAll(batch);
                    TimeUnit.MILLISECONDS.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                failure.set(e);
            }
        }

        /** Waits until more than {@code count} records were written; fails if writing failed. */
        void awaitMoreThan(int count) throws InterruptedException {
            Await.until("more than " + count + " input records written", Duration.ofSeconds(60), () -> {
                if (failure.get() != null) {
                    throw new AssertionError("Writing input failed", failure.get());
                }
                return written.size() > count;
            });
        }

        void stop() throws InterruptedException {
            stop.set(true);
            if (thread != null) {
                thread.join(TimeUnit.SECONDS.toMillis(60));
            }
            if (failure.get() != null) {
                throw new AssertionError("Writing input failed", failure.get());
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }
}
