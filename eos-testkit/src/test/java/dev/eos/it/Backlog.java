package dev.eos.it;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes a large input backlog (hundreds of thousands of records) in a few seconds: large
 * batches, acknowledgements checked once at the end.
 *
 * <pre>{@code
 * Backlog.produce(kafka, records);
 * }</pre>
 */
final class Backlog {
    private Backlog() {
    }

    /** Writes {@code records} without transactions and waits until every one is acknowledged. */
    static void produce(EmbeddedKafkaCluster kafka, List<ProducerRecord<byte[], byte[]>> records) {
        Map<String, Object> c = kafka.clientConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(c)) {
            for (ProducerRecord<byte[], byte[]> r : records) {
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new AssertionError("Could not write test input: " + failure.get(), failure.get());
        }
    }
}
