package dev.eos.spi;

import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/**
 * The one seam through which the Eos runtime reaches Kafka. The default creates real clients;
 * a test can plug in clients of its own (an in-memory cluster) to drive the same runtime
 * deterministically.
 * Keep implementations thin: they receive the complete client configuration Eos computed.
 *
 * <pre>{@code
 * EosApp app = EosApp.builder(pipeline, config).clientFactory(myFactory).build();
 * }</pre>
 */
public interface KafkaClientFactory {

    Consumer<byte[], byte[]> consumer(Map<String, Object> config);

    Producer<byte[], byte[]> producer(Map<String, Object> config);

    Admin admin(Map<String, Object> config);

    /** Real Kafka clients. */
    static KafkaClientFactory real() {
        return new KafkaClientFactory() {
            @Override
            public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
                return new KafkaConsumer<>(config);
            }

            @Override
            public Producer<byte[], byte[]> producer(Map<String, Object> config) {
                return new KafkaProducer<>(config);
            }

            @Override
            public Admin admin(Map<String, Object> config) {
                return Admin.create(config);
            }
        };
    }
}
