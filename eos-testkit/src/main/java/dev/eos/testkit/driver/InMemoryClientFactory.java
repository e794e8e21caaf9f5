package dev.eos.testkit.driver;

import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.driver.internal.FaultHooks;
import dev.eos.testkit.driver.internal.InMemoryAdmin;
import dev.eos.testkit.driver.internal.InMemoryConsumer;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InMemoryProducer;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/** The seam: the runtime asks for Kafka clients and gets clients of the in-memory cluster. */
final class InMemoryClientFactory implements KafkaClientFactory {
    private final InMemoryKafka kafka;
    private final ManualClock clock;
    private final FaultHooks faults;

    /** @param faults handed to every client, so that a fault injected into the driver fires inside it */
    InMemoryClientFactory(InMemoryKafka kafka, ManualClock clock, FaultHooks faults) {
        this.kafka = kafka;
        this.clock = clock;
        this.faults = faults;
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return new InMemoryConsumer(kafka, config, clock::busyMillis, faults);
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        return new InMemoryProducer(kafka, config, clock::millis, faults);
    }

    @Override
    public Admin admin(Map<String, Object> config) {
        return new InMemoryAdmin(kafka);
    }
}
