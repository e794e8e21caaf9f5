package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.CommittedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoration replays only the changelog tail a store is missing. A child JVM counts
 * {@value #KEYS} distinct keys into a RocksDB store (a changelog of as many records) and is
 * killed with SIGKILL once all of it is committed. Restarted on (a copy of) that state.dir it
 * replays exactly the committed changelog records written after the kill, by itself or by other
 * instances; started on an empty state.dir it replays the whole changelog, which shows that the
 * "small tail" assertion can fail. Every run then counts on correctly from the restored store.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatefulRestoreIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BUILD_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final int KEYS = 200_000;
    /** Records sent after the crash, each for a key counted once before. */
    private static final int MORE = 100;
    /** Large transactions: the store is built in a few commits. */
    private static final String COMMIT_INTERVAL_MS = "1000";
    private static final String INSTANCE = "instance-a";

    @TempDir
    static Path tempDir;
    private static String in;
    private static String out;
    private static String changelog;
    /** The state.dir of the killed instance; each test restarts on a copy of it. */
    private static Path crashedStateDir;
    /** The changelog's end offsets when the instance was killed: its store holds everything before them. */
    private static Map<TopicPartition, Long> changelogAtKill;

    @BeforeAll
    static void countDistinctKeysThenKillTheInstanceOnceAllIsCommitted() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        in = KAFKA.uniqueTopic("restore-in");
        out = KAFKA.uniqueTopic("restore-out");
        changelog = StatefulCountMain.changelogTopic(in);
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, PARTITIONS);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(KEYS);
        for (int i = 0; i < KEYS; i++) {
            input.add(KafkaIo.record(in, CountOutput.key(i), "v" + i));
        }
        long started = System.nanoTime();
        produceInLargeBatches(kafka, input);
        long produced = System.nanoTime();
        crashedStateDir = tempDir.resolve("crashed");
        try (ChildPipeline child = startChild(kafka, "build", crashedStateDir, INSTANCE)) {
            // The child counts committed records only after Kafka committed them and its stores
            // made the writes durable: at this point nothing is left for a restart to replay.
            Await.until("the child committed " + KEYS + " records", BUILD_TIMEOUT, () -> {
                child.assertAlive();
                return StatefulCountMain.lastMetric(child.lines(), "committed") >= KEYS;
            });
            child.kill();
        }
        try (Admin admin = kafka.admin()) {
            changelogAtKill = KafkaIo.lastStableOffsets(admin, changelog, PARTITIONS);
        }
        System.out.printf("StatefulRestoreIT: wrote %d input records in %d ms; the child counted them in %d ms%n",
                KEYS, (produced - started) / 1_000_000, (System.nanoTime() - produced) / 1_000_000);
    }

    @Test
    void shouldReplayOnlyTheChangelogTailWhenRestartedOnTheSameStateDirAfterACrash() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        Path stateDir = copyOfCrashedStateDir("restart");
        List<String> touched = sendOneMoreRecordForKeys(kafka, 0);
        long changelogEnd = changelogEndOffsetTotal(kafka);
        long tail = committedChangelogRecordsSinceTheKill(kafka);

        List<String> stdout = runUntilConsumedAndRestored(kafka, "restart-same-dir", stateDir, INSTANCE);

        long restored = StatefulCountMain.restoredRecords(stdout);
        System.out.printf("%s: restart on the crashed state.dir restored %d of %d changelog records (end offsets);"
                + " %d were committed after the kill%n", getClass().getSimpleName(), restored, changelogEnd, tail);
        assertThat(changelogEnd).as("changelog end offsets, summed").isGreaterThanOrEqualTo(KEYS);
        assertThat(restored).as("changelog records restored, of %d", changelogEnd).isLessThan(changelogEnd / 20);
        assertThat(restored).as("changelog records restored").isEqualTo(tail);
        assertCountedTwice(kafka, touched);
    }

    @Test
    void shouldReplayTheWholeChangelogWhenStartedOnAnEmptyStateDir() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        long committedChangelogRecords = CommittedReader.readAll(kafka.clientConfig(), changelog, n -> n >= KEYS,
                PROGRESS_TIMEOUT).size();
        List<String> touched = sendOneMoreRecordForKeys(kafka, MORE);
        long changelogEnd = changelogEndOffsetTotal(kafka);

        List<String> stdout = runUntilConsumedAndRestored(kafka, "empty-dir", tempDir.resolve("empty"), "instance-b");

        long restored = StatefulCountMain.restoredRecords(stdout);
        System.out.printf("%s: start on an empty state.dir restored %d of %d changelog records (end offsets), %d"
                + " committed records%n", getClass().getSimpleName(), restored, changelogEnd, committedChangelogRecords);
        assertThat(restored).as("changelog records restored").isEqualTo(committedChangelogRecords);
        assertThat(restored).as("changelog records restored, of %d", changelogEnd).isGreaterThan(changelogEnd * 19 / 20);
        assertCountedTwice(kafka, touched);
    }

    /**
     * Another instance (on an empty state.dir) counts after the crash; the crashed instance's store
     * misses exactly those changelog records, and replays them when it comes back.
     */
    @Test
    void shouldReplayExactlyTheChangelogRecordsAnotherInstanceCommittedSinceTheCrash() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        Path stateDir = copyOfCrashedStateDir("back");
        List<String> countedElsewhere = sendOneMoreRecordForKeys(kafka, 2 * MORE);
        runUntilConsumedAndRestored(kafka, "other-instance", tempDir.resolve("other"), "instance-c");
        long tail = committedChangelogRecordsSinceTheKill(kafka);

        List<String> stdout = runUntilConsumedAndRestored(kafka, "back-on-crashed-dir", stateDir, INSTANCE);

        long restored = StatefulCountMain.restoredRecords(stdout);
        System.out.printf("%s: back on the crashed state.dir after another instance counted, restored %d changelog"
                + " records; %d were committed after the kill%n", getClass().getSimpleName(), restored, tail);
        assertThat(tail).as("changelog records committed after the kill").isGreaterThanOrEqualTo(MORE);
        assertThat(restored).as("changelog records restored").isEqualTo(tail);
        // The replayed tail is in the store: counting the same keys again gives 3.
        List<String> countedHere = sendOneMoreRecordForKeys(kafka, 2 * MORE);
        runUntilConsumedAndRestored(kafka, "count-again", stateDir, INSTANCE);
        Map<String, List<Long>> updates = CountOutput.updatesByKey(KafkaIo.readCommitted(kafka, out, KEYS + 2 * MORE));
        assertThat(countedHere).isEqualTo(countedElsewhere);
        for (String key : countedHere) {
            assertThat(updates.get(key)).as("committed counts of %s", key).containsExactly(1L, 2L, 3L);
        }
    }

    private static void produceInLargeBatches(EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new AssertionError("Could not write test input: " + failure.get(), failure.get());
            }
        }
    }

    /** A copy of the killed instance's state.dir, so that each test starts from the state at the kill. */
    private static Path copyOfCrashedStateDir(String name) throws IOException {
        Path target = tempDir.resolve(name);
        try (Stream<Path> files = Files.walk(crashedStateDir)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Files.copy(source, target.resolve(crashedStateDir.relativize(source).toString()));
            }
        }
        return target;
    }

    /** The records a read_committed consumer finds in the changelog after {@link #changelogAtKill}. */
    private static long committedChangelogRecordsSinceTheKill(EmbeddedKafkaCluster kafka) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            consumer.assign(changelogAtKill.keySet());
            changelogAtKill.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(changelogAtKill.keySet());
            long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + changelog + " up to " + ends);
                }
                count += consumer.poll(Duration.ofMillis(100)).count();
            }
        }
        return count;
    }

    private static ChildPipeline startChild(EmbeddedKafkaCluster kafka, String run, Path stateDir, String instance)
            throws Exception {
        return ChildPipeline.start(in + "-" + run, StatefulCountMain.class, kafka.bootstrapServers(), in, out,
                instance, stateDir.toString(), "0", COMMIT_INTERVAL_MS);
    }

    /** Sends one record for each of keys {@code first .. first + MORE - 1}; returns the keys. */
    private static List<String> sendOneMoreRecordForKeys(EmbeddedKafkaCluster kafka, int first) {
        List<String> keys = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = first; i < first + MORE; i++) {
            keys.add(CountOutput.key(i));
            records.add(KafkaIo.record(in, CountOutput.key(i), "again"));
        }
        KafkaIo.produce(kafka, records);
        return keys;
    }

    /**
     * Runs the child until its group committed all the input and it reported the restoration of
     * every partition done; stops it cleanly and returns what it printed.
     */
    private static List<String> runUntilConsumedAndRestored(EmbeddedKafkaCluster kafka, String run, Path stateDir,
                                                            String instance) throws Exception {
        try (ChildPipeline child = startChild(kafka, run, stateDir, instance)) {
            child.awaitReady(READY_TIMEOUT);
            KafkaIo.awaitAllConsumed(kafka, StatefulCountMain.applicationId(in), in, PROGRESS_TIMEOUT,
                    child::assertAlive);
            Await.until("the child reported every partition restored", PROGRESS_TIMEOUT, () -> {
                child.assertAlive();
                return StatefulCountMain.restoredPartitions(child.lines()).equals(Set.of(0, 1, 2, 3));
            });
            child.stop();
            return child.lines();
        }
    }

    private static long changelogEndOffsetTotal(EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            return KafkaIo.highWatermarks(admin, StatefulCountMain.changelogTopic(in), PARTITIONS).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /** Each of {@code keys} was counted once before the restore and once after: its updates are 1, 2. */
    private static void assertCountedTwice(EmbeddedKafkaCluster kafka, List<String> keys) {
        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, KEYS + keys.size());
        Map<String, List<Long>> updates = CountOutput.updatesByKey(committed);
        for (String key : keys) {
            assertThat(updates.get(key)).as("committed counts of %s", key).containsExactly(1L, 2L);
        }
    }
}
