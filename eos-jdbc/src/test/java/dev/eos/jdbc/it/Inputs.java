package dev.eos.jdbc.it;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The ITs' input: user events keyed by user, each value a unique event id. */
final class Inputs {
    private Inputs() {
    }

    /**
     * Writes {@code count} events over {@code users} users and waits for the acks.
     *
     * @return the oracle: event id to user
     */
    static Map<String, String> produce(EmbeddedKafkaCluster kafka, String topic, int count, int users)
            throws Exception {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Map<String, String> oracle = new TreeMap<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (int i = 0; i < count; i++) {
                String user = "user-" + (i * 7919 % users);
                String event = "event-" + i;
                oracle.put(event, user);
                acks.add(producer.send(new ProducerRecord<>(topic, bytes(user), bytes(event))));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
        return oracle;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
