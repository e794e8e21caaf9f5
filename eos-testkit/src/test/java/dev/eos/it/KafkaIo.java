package dev.eos.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.eos.EosConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Plain Kafka clients around the embedded cluster: writing input, reading output, group offsets. */
final class KafkaIo {
    static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private KafkaIo() {
    }

    /** An Eos config for the cluster with a short commit interval; tests add what they need. */
    static EosConfig.Builder eosConfig(EmbeddedKafkaCluster kafka, String applicationId) {
        return EosConfig.builder()
                .applicationId(applicationId)
                .bootstrapServers(kafka.bootstrapServers())
                .set(EosConfig.COMMIT_INTERVAL_MS, 100);
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, bytes(key), bytes(value));
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, UTF_8);
    }

    /**
     * Writes the records with a plain idempotent producer and waits until all are acknowledged.
     *
     * @return where each record was written, in the order given
     */
    static List<RecordMetadata> produce(EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records) {
        try (Producer<byte[], byte[]> producer = producer(kafka)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) {
                acks.add(producer.send(r));
            }
            producer.flush();
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> ack : acks) {
                written.add(ack.get(30, TimeUnit.SECONDS));
            }
            return written;
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("Could not write test input: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while writing test input", e);
        }
    }

    /** Writes user events, keyed by user. */
    static void produceEvents(EmbeddedKafkaCluster kafka, String topic, List<UserEvents.Event> events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(events.size());
        for (UserEvents.Event e : events) {
            records.add(record(topic, e.user(), e.value()));
        }
        produce(kafka, records);
    }

    static Producer<byte[], byte[]> producer(EmbeddedKafkaCluster kafka) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(c);
    }

    /** The offsets group {@code groupId} has committed, by partition (partitions without one are absent). */
    static Map<TopicPartition, Long> committedOffsets(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> raw = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        raw.forEach((tp, om) -> {
            if (om != null) {
                out.put(tp, om.offset());
            }
        });
        return out;
    }

    /** The sum of the offsets {@code groupId} committed on {@code topic}: the input records it finished. */
    static long committedTotal(Admin admin, String groupId, String topic) throws Exception {
        return committedOffsets(admin, groupId).entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** The last stable offset of each partition: below it every transaction is committed or aborted. */
    static Map<TopicPartition, Long> lastStableOffsets(Admin admin, String topic, int partitions) throws Exception {
        return latestOffsets(admin, topic, partitions, IsolationLevel.READ_COMMITTED);
    }

    /** The high watermark of each partition: the end of everything written, committed or not. */
    static Map<TopicPartition, Long> highWatermarks(Admin admin, String topic, int partitions) throws Exception {
        return latestOffsets(admin, topic, partitions, IsolationLevel.READ_UNCOMMITTED);
    }

    private static Map<TopicPartition, Long> latestOffsets(Admin admin, String topic, int partitions,
                                                           IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> infos = admin.listOffsets(latest, new ListOffsetsOptions(isolation))
                .all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Whether some partition of {@code topic} holds records of a transaction that stays open: its
     * last stable offset is below its high watermark and does not move for {@code forAtLeast}.
     * (Right after a commit the last stable offset lags for a moment until the coordinator has
     * written the commit markers; the wait tells that apart from an open transaction.)
     */
    static boolean hasOpenTransactionData(Admin admin, String topic, int partitions, Duration forAtLeast)
            throws Exception {
        Map<TopicPartition, Long> stableBefore = lastStableOffsets(admin, topic, partitions);
        Map<TopicPartition, Long> ends = highWatermarks(admin, topic, partitions);
        List<TopicPartition> candidates = stableBefore.keySet().stream()
                .filter(tp -> stableBefore.get(tp) < ends.get(tp)).toList();
        if (candidates.isEmpty()) {
            return false;
        }
        TimeUnit.MILLISECONDS.sleep(forAtLeast.toMillis());
        Map<TopicPartition, Long> stableAfter = lastStableOffsets(admin, topic, partitions);
        return candidates.stream().anyMatch(tp -> stableAfter.get(tp).equals(stableBefore.get(tp)));
    }

    /** The first record in {@code topic} with value {@code value}, committed or not. */
    static Optional<ConsumerRecord<byte[], byte[]>> findWritten(EmbeddedKafkaCluster kafka, String topic,
                                                                 String value) {
        return readUncommitted(kafka, topic).stream().filter(r -> value.equals(string(r.value()))).findFirst();
    }

    /**
     * Waits until group {@code groupId} has committed the end offset of every partition of
     * {@code topic}: every input record's processing is committed. The input must have been
     * written without transactions, so that end offsets count records only. {@code check} runs
     * before every look and may fail the wait at once (the app died).
     */
    static void awaitAllConsumed(EmbeddedKafkaCluster kafka, String groupId, String topic, Duration timeout,
                                 Runnable check) throws InterruptedException {
        Map<Integer, Long> ends = kafka.endOffsets(topic);
        try (Admin admin = kafka.admin()) {
            Await.until("group " + groupId + " committed the end offsets " + ends + " of " + topic, timeout, () -> {
                check.run();
                Map<TopicPartition, Long> committed = committedOffsets(admin, groupId);
                return ends.entrySet().stream().allMatch(e ->
                        committed.getOrDefault(new TopicPartition(topic, e.getKey()), 0L).equals(e.getValue()));
            });
        }
    }

    /** Reads {@code topic} with read_committed until at least {@code atLeast} records and caught up. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafkaCluster kafka, String topic, int atLeast) {
        return CommittedReader.readAll(kafka.clientConfig(), topic, n -> n >= atLeast, READ_TIMEOUT);
    }

    static List<Map.Entry<String, String>> asStrings(List<ConsumerRecord<byte[], byte[]>> records) {
        List<Map.Entry<String, String>> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(new AbstractMap.SimpleImmutableEntry<>(string(r.key()), string(r.value())));
        }
        return out;
    }

    static Map.Entry<String, String> entry(String key, String value) {
        return new AbstractMap.SimpleImmutableEntry<>(key, value);
    }

    /**
     * Reads everything in {@code topic} with read_uncommitted, up to the high watermark: committed
     * records, records of aborted transactions and of open ones.
     */
    static List<ConsumerRecord<byte[], byte[]>> readUncommitted(EmbeddedKafkaCluster kafka, String topic) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, READ_TIMEOUT)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Could not read " + topic + " up to " + ends + " within " + READ_TIMEOUT);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
