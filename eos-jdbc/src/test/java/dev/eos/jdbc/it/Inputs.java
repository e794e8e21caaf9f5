package dev.eos.jdbc.it;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The ITs' input: user events keyed by user, each value a unique event id.
 *
 * <p>Writing the input is test set-up, not the behaviour under test, so a failed attempt (a CI
 * run once saw a fresh producer get no answer from the broker for two minutes) is retried with a
 * new producer that sends only the events the topic does not hold yet: every event ends up in
 * the topic exactly once, or set-up fails naming what is missing.
 */
final class Inputs {
    private static final int ATTEMPTS = 3;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);

    private Inputs() {
    }

    /**
     * Writes {@code count} events over {@code users} users and waits for the acks.
     *
     * @return the oracle: event id to user
     */
    static Map<String, String> produce(EmbeddedKafkaCluster kafka, String topic, int count, int users)
            throws Exception {
        Map<String, String> oracle = new TreeMap<>();
        List<String> order = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String event = "event-" + i;
            oracle.put(event, "user-" + (i * 7919 % users));
            order.add(event);
        }
        List<String> missing = order;
        for (int attempt = 1; ; attempt++) {
            try {
                send(kafka, topic, missing, oracle);
                return oracle;
            } catch (ExecutionException | org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException("could not write the input to " + topic + " in " + ATTEMPTS
                            + " attempts", e);
                }
                missing = notYetIn(kafka, topic, order);
                System.err.printf("Inputs: attempt %d to write %s failed (%s); sending the %d events it lacks%n",
                        attempt, topic, e, missing.size());
            }
        }
    }

    private static void send(EmbeddedKafkaCluster kafka, String topic, List<String> events,
                             Map<String, String> oracle) throws Exception {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) DELIVERY_TIMEOUT.toMillis());
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, DELIVERY_TIMEOUT.toMillis());
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (String event : events) {
                acks.add(producer.send(new ProducerRecord<>(topic, bytes(oracle.get(event)), bytes(event))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(DELIVERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The events of {@code order} the topic does not hold, in their order; fails if one is there twice. */
    private static List<String> notYetIn(EmbeddedKafkaCluster kafka, String topic, List<String> order) {
        Set<String> present = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : CommittedReader.readAll(kafka.clientConfig(), topic, n -> true,
                Duration.ofSeconds(30))) {
            String event = new String(r.value(), StandardCharsets.UTF_8);
            if (!present.add(event)) {
                throw new IllegalStateException("the input topic " + topic + " holds " + event + " twice at "
                        + r.partition() + "@" + r.offset() + " after a failed write; the test's oracle would be wrong");
            }
        }
        List<String> missing = new ArrayList<>();
        for (String event : order) {
            if (!present.contains(event)) {
                missing.add(event);
            }
        }
        return missing;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
