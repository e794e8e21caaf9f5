package dev.eos.testkit.avro;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.internal.Poll;
import dev.eos.testkit.verify.CommittedReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Kafka input and output of the Avro pipeline tests: raw bytes in, committed bytes out, awaits. */
final class AvroIo {
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private AvroIo() {
    }

    /** Writes the records with an idempotent producer and waits until all are acknowledged. */
    static List<RecordMetadata> produce(EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<String, Object> config = kafka.clientConfig();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            records.forEach(r -> acks.add(producer.send(r)));
            producer.flush();
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> ack : acks) {
                written.add(ack.get(30, TimeUnit.SECONDS));
            }
            return written;
        }
    }

    /** Reads {@code topic} with read_committed until {@code atLeast} records are read and it is caught up. */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(EmbeddedKafkaCluster kafka, String topic, int atLeast) {
        return CommittedReader.readAllOrFail(kafka.clientConfig(), topic, n -> n >= atLeast, TIMEOUT);
    }

    /** Fails the test if {@code condition} is not true within {@link #TIMEOUT}. */
    static void await(String what, Callable<Boolean> condition) throws InterruptedException {
        try {
            Poll.until(what, TIMEOUT, condition);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e.getCause());
        }
    }

    /** Waits until the app's group has committed the end offset of every partition of {@code topic}. */
    static void awaitAllConsumed(EmbeddedKafkaCluster kafka, EosApp app, String topic) throws Exception {
        Map<Integer, Long> ends = kafka.endOffsets(topic);
        try (Admin admin = kafka.admin()) {
            await("group " + app.applicationId() + " committed the end offsets " + ends + " of " + topic, () -> {
                failIfStopped(app);
                Map<TopicPartition, Long> committed = committed(admin, app.applicationId());
                return ends.entrySet().stream().allMatch(e ->
                        committed.getOrDefault(new TopicPartition(topic, e.getKey()), 0L).equals(e.getValue()));
            });
        }
    }

    /** The total of {@code topic}'s offsets the app's group has committed. */
    static long committedTotal(EmbeddedKafkaCluster kafka, String groupId, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            return committed(admin, groupId).entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    static long endTotal(EmbeddedKafkaCluster kafka, String topic) {
        return kafka.endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    /** The sum over the app's threads of {@code eos-thread-metrics/<name>}. */
    static double threadMetric(EosApp app, String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : app.kafkaMetrics().entrySet()) {
            if (e.getKey().group().equals("eos-thread-metrics") && e.getKey().name().equals(name)) {
                sum += ((Number) e.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    static void startAndAwaitRunning(EosApp app) throws InterruptedException {
        app.start();
        await("app reaches RUNNING", () -> {
            failIfStopped(app);
            return app.state() == AppState.RUNNING;
        });
    }

    static void failIfStopped(EosApp app) {
        if (app.state() == AppState.ERROR || app.state() == AppState.CLOSED) {
            throw new AssertionError("The app stopped in state " + app.state() + " with fatal error "
                    + app.fatalError(), app.fatalError());
        }
    }

    /** Every message in the cause chain of {@code error}, joined. */
    static String messages(Throwable error) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getClass().getName()).append(": ").append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }

    private static Map<TopicPartition, Long> committed(Admin admin, String groupId) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> raw = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        raw.forEach((tp, om) -> {
            if (om != null) {
                offsets.put(tp, om.offset());
            }
        });
        return offsets;
    }
}
