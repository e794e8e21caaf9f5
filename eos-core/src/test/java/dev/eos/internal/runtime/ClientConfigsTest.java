package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
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

    @Test
    void consumer_shouldUseTheEagerRangeAssignorUnderTheClassicProtocol() {
        Map<String, Object> c = configs(Map.of()).consumer("orders-thread-0-consumer", 0);

        assertThat(c).containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName())
                .containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic")
                .doesNotContainKey(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);
        new KafkaConsumer<>(c).close();
    }

    @Test
    void consumer_shouldUseTheBrokersRangeAssignorAndNoStrategyUnderTheConsumerProtocol() {
        Map<String, Object> c = configs(Map.of("consumer.group.protocol", "consumer"))
                .consumer("orders-thread-0-consumer", 0);

        assertThat(c).containsEntry(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer")
                .containsEntry(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, "range")
                .doesNotContainKey(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        // Kafka refuses partition.assignment.strategy under this protocol when it builds the consumer.
        new KafkaConsumer<>(c).close();
    }

    @Test
    void restoreConsumer_shouldHaveNoGroupSettingsUnderEitherProtocol() {
        for (String protocol : new String[] {"classic", "consumer"}) {
            Map<String, Object> c = configs(Map.of("consumer.group.protocol", protocol))
                    .restoreConsumer("orders-thread-0-restore-consumer");

            assertThat(c).as(protocol).doesNotContainKeys(ConsumerConfig.GROUP_ID_CONFIG,
                    ConsumerConfig.GROUP_PROTOCOL_CONFIG, ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG,
                    ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
            new KafkaConsumer<>(c).close();
        }
    }
    @Test
    void consumer_shouldBeAStaticMemberNamedAfterInstanceIdAndThreadWhenInstanceIdIsSet() {
        for (String protocol : new String[] {"classic", "consumer"}) {
            ClientConfigs configs = configs(Map.of("instance.id", "orders-pod-2", "consumer.group.protocol", protocol));

            assertThat(configs.consumer("orders-thread-0-consumer", 0)).as(protocol)
                    .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "orders-pod-2-0");
            assertThat(configs.consumer("orders-thread-3-consumer", 3)).as(protocol)
                    .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "orders-pod-2-3");
            new KafkaConsumer<>(configs.consumer("orders-thread-0-consumer", 0)).close();
        }
    }

    @Test
    void consumer_shouldStayADynamicMemberWhenInstanceIdIsRandom() {
        Map<String, Object> c = configs(Map.of()).consumer("orders-thread-0-consumer", 0);

        assertThat(c).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    @Test
    void restoreConsumer_shouldHaveNoGroupInstanceIdEvenWhenInstanceIdIsSet() {
        Map<String, Object> c = configs(Map.of("instance.id", "orders-pod-2"))
                .restoreConsumer("orders-thread-0-restore-consumer");

        assertThat(c).doesNotContainKeys(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, ConsumerConfig.GROUP_ID_CONFIG);
        new KafkaConsumer<>(c).close();
    }
}
