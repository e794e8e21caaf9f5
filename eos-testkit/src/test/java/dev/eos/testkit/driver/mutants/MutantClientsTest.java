package dev.eos.testkit.driver.mutants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.spi.KafkaClientFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.Test;

/** How {@link MutantClients} tells the runtime's clients apart and pairs a thread's consumer and producer. */
class MutantClientsTest {

    /** Hands out Kafka's mock clients; the wrapping is all that is tested. */
    private static final KafkaClientFactory MOCKS = new KafkaClientFactory() {
        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            return new MockConsumer<>("earliest");
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return new MockProducer<>();
        }

        @Override
        public Admin admin(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }
    };

    @Test
    void shouldHandAConsumerWithoutGroupIdToTheRestoreHookAndPairAThreadsClientsByName() {
        List<String> seen = new ArrayList<>();
        Mutant recording = new Mutant() {
            @Override
            public Consumer<byte[], byte[]> groupConsumer(Consumer<byte[], byte[]> consumer,
                                                          MutantClients.ThreadClients thread) {
                seen.add("group consumer of " + thread.name());
                return consumer;
            }

            @Override
            public Consumer<byte[], byte[]> restoreConsumer(Map<String, Object> config,
                                                            MutantClients.ThreadClients thread,
                                                            KafkaClientFactory clients) {
                seen.add("restore consumer of " + thread.name());
                return clients.consumer(config);
            }

            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                seen.add("producer of " + thread.name() + " paired with " + (thread.consumer() != null));
                return producer;
            }
        };
        MutantClients clients = new MutantClients(MOCKS, recording);

        Consumer<byte[], byte[]> consumer = clients.consumer(Map.of("group.id", "app", "client.id", "app-thread-0-consumer"));
        clients.producer(Map.of("client.id", "app-thread-0-producer", "transactional.id", "app-pod-0-0"));
        clients.consumer(Map.of("client.id", "app-thread-0-restore-consumer"));

        assertThat(seen).containsExactly("group consumer of app-thread-0", "producer of app-thread-0 paired with true",
                "restore consumer of app-thread-0");
        assertThat(consumer).isInstanceOf(MockConsumer.class);
    }

    @Test
    void threadClients_shouldRefuseAConsumerTheRuntimeHasNotCreatedYet() {
        Mutant askingEarly = new Mutant() {
            @Override
            public Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                                     MutantClients.ThreadClients thread, KafkaClientFactory clients) {
                thread.consumer();
                return producer;
            }
        };
        MutantClients clients = new MutantClients(MOCKS, askingEarly);

        assertThatThrownBy(() -> clients.producer(Map.of("client.id", "app-thread-0-producer")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("app-thread-0");
    }
}
