package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.TimeWindows;
import dev.eos.dsl.WindowedSerde;
import dev.eos.store.Windowed;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tumbling 10 s windows with 5 s grace against a real broker, with explicit record timestamps:
 * records in order and out of order within the grace period are counted, records for a window
 * whose grace has passed are dropped; the committed updates are read back through
 * {@link WindowedSerde}. One input partition, so that stream time is the order of the records.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WindowedCountIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    /** A multiple of the window size: windows start at T0, T0 + 10 s, ... */
    private static final long T0 = 1_700_000_000_000L;
    private static final long SIZE = 10_000;
    private static final TimeWindows WINDOWS = TimeWindows.ofSizeAndGrace(Duration.ofMillis(SIZE), Duration.ofSeconds(5));

    @TempDir
    Path tempDir;

    /** Stream time reaches T0 + 21 s: window 0 closed (at T0 + 15 s), window 1 open (until T0 + 25 s). */
    private static List<Timed> upToStreamTime21s() {
        return List.of(
                new Timed("a", 1_000),   // a, window 0: 1
                new Timed("a", 4_000),   // a, window 0: 2
                new Timed("b", 5_000),   // b, window 0: 1
                new Timed("a", 12_000),  // a, window 1: 1 (stream time 12 s)
                new Timed("a", 9_000),   // out of order, window 0 open until 15 s: a, window 0: 3
                new Timed("b", 21_000)); // b, window 2: 1 (stream time 21 s: window 0 closes)
    }

    private static List<Timed> lateRecords() {
        return List.of(
                new Timed("a", 8_000),   // window 0 closed: dropped
                new Timed("a", 19_000),  // out of order, window 1 open: a, window 1: 2
                new Timed("b", 3_000),   // window 0 closed: dropped
                new Timed("b", 14_999)); // window 1 open: b, window 1: 1
    }

    private static Map<Windowed<String>, List<Long>> expectedUpdates() {
        Map<Windowed<String>, List<Long>> expected = new LinkedHashMap<>();
        expected.put(window("a", 0), List.of(1L, 2L, 3L));
        expected.put(window("b", 0), List.of(1L));
        expected.put(window("a", 1), List.of(1L, 2L));
        expected.put(window("b", 2), List.of(1L));
        expected.put(window("b", 1), List.of(1L));
        return expected;
    }

    @Test
    void shouldCountInOrderAndLateWithinGraceAndDropRecordsBeyondGrace() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("windowed-in");
        String out = KAFKA.uniqueTopic("windowed-out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        List<Timed> all = new ArrayList<>(upToStreamTime21s());
        all.addAll(lateRecords());
        send(kafka, in, all);

        Apps.runUntilConsumed(kafka, windowedCount(in, out), config(kafka, "windowed-app"), in);

        assertThat(committedUpdates(kafka, out)).isEqualTo(expectedUpdates());
    }

    /**
     * The late records come after a restart: they are dropped only if the restarted task resumes
     * at the stream time it had reached (stored in the committed offsets' metadata), not at the
     * timestamp of the first record it sees.
     */
    @Test
    void shouldStillDropRecordsBeyondGraceAfterARestart() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("windowed-restart-in");
        String out = KAFKA.uniqueTopic("windowed-restart-out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        EosConfig config = config(kafka, "windowed-restart-app");

        send(kafka, in, upToStreamTime21s());
        Apps.runUntilConsumed(kafka, windowedCount(in, out), config, in);
        send(kafka, in, lateRecords());
        Apps.runUntilConsumed(kafka, windowedCount(in, out), config, in);

        assertThat(committedUpdates(kafka, out)).isEqualTo(expectedUpdates());
    }

    private EosConfig config(EmbeddedKafkaCluster kafka, String appPrefix) {
        String appId = KAFKA.uniqueTopic(appPrefix);
        return KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, tempDir.resolve(appId).toString()).build();
    }

    private static Pipeline windowedCount(String in, String out) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .windowedBy(WINDOWS)
                .count(Materialized.as("per-10s"))
                .toStream()
                .to(out, Produced.with(WindowedSerde.of(STRINGS), Serdes.Long()));
        return builder.build();
    }

    private static void send(EmbeddedKafkaCluster kafka, String topic, List<Timed> records) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (Timed t : records) {
            out.add(new ProducerRecord<>(topic, 0, T0 + t.offsetMs(), KafkaIo.bytes(t.key()),
                    KafkaIo.bytes(t.key() + "@" + t.offsetMs())));
        }
        KafkaIo.produce(kafka, out);
    }

    /** The committed updates per (key, window), in the order they were committed. */
    private static Map<Windowed<String>, List<Long>> committedUpdates(EmbeddedKafkaCluster kafka, String out) {
        Deserializer<Windowed<String>> keys = WindowedSerde.of(STRINGS).deserializer();
        Deserializer<Long> longs = Serdes.Long().deserializer();
        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, 8);
        Map<Windowed<String>, List<Long>> updates = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : committed) {
            updates.computeIfAbsent(keys.deserialize(out, r.key()), k -> new ArrayList<>())
                    .add(longs.deserialize(out, r.value()));
        }
        return updates;
    }

    private static Windowed<String> window(String key, int index) {
        long start = T0 + index * SIZE;
        return new Windowed<>(key, start, start + SIZE);
    }

    /** A record of {@code key} at timestamp T0 + {@code offsetMs}. */
    private record Timed(String key, long offsetMs) {
    }
}
