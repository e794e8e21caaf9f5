package dev.eos.testkit.driver;

import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.driver.internal.InMemoryAdmin;
import dev.eos.testkit.driver.internal.InMemoryConsumer;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InMemoryProducer;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** The seam: the runtime asks for Kafka clients and gets clients of the in-memory cluster. */
final class InMemoryClientFactory implements KafkaClientFactory {
    private final InMemoryKafka kafka;
    private final Clock clock;

    InMemoryClientFactory(InMemoryKafka kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new InMemoryConsumer(kafka, config);
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        return new InMemoryProducer(kafka, config, clock::millis);
    }

    @Override
    public Admin admin(Map<String, Object> config) {
        return new InMemoryAdmin(kafka);
    }
}
