package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {
    private static ClientConfigs configs(Map<String, Object> settings) {
        return new ClientConfigs(EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
                .setAll(settings).build());
    }

    @Test
    void transactionalProducer_shouldRetryConcurrentTransactionsAfterAShortBackoff() {
        Map<String, Object> p = configs(Map.of()).producer("orders-thread-0-producer", "orders-pod-0");

        assertThat(p).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, ClientConfigs.TRANSACTIONAL_RETRY_BACKOFF_MS)
                .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "orders-pod-0");
    }

    @Test
    void transactionalProducer_shouldTakeTheUsersRetryBackoff() {
        Map<String, Object> p = configs(Map.of("producer.retry.backoff.ms", 50))
                .producer("orders-thread-0-producer", "orders-pod-0");

        assertThat(p).containsEntry(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 50);
    }

    @Test
    void idempotentProducer_shouldKeepKafkasRetryBackoffAndHaveNoTransactions() {
        Map<String, Object> p = configs(Map.of()).idempotentProducer("orders-thread-0-producer");

        assertThat(p).doesNotContainKeys(ProducerConfig.RETRY_BACKOFF_MS_CONFIG,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        assertThat(p).containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all");
    }
}
