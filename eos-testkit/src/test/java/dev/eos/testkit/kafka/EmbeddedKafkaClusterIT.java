package dev.eos.testkit.kafka;

import static dev.eos.testkit.kafka.Clients.assignAll;
import static dev.eos.testkit.kafka.Clients.consumer;
import static dev.eos.testkit.kafka.Clients.producer;
import static dev.eos.testkit.kafka.Clients.readAtLeast;
import static dev.eos.testkit.kafka.Clients.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class EmbeddedKafkaClusterIT {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("message.max.bytes", "2097152");

    private static EmbeddedKafkaCluster fromBeforeAll;

    @BeforeAll
    static void rememberCluster(EmbeddedKafkaCluster kafka) {
        fromBeforeAll = kafka;
    }

    @Test
    void shouldInjectTheClassClusterIntoLifecycleAndTestMethods(EmbeddedKafkaCluster kafka) {
        assertThat(kafka).isSameAs(KAFKA.cluster()).isSameAs(fromBeforeAll);
        assertThat(kafka.brokerIds()).containsExactly(0);
        assertThat(kafka.clientConfig()).containsOnlyKeys("bootstrap.servers");
        assertThat(kafka.bootstrapServers()).startsWith("localhost:");
    }

    @Test
    void shouldRunBrokerWithTestDefaultsAndOverrides(EmbeddedKafkaCluster kafka) throws Exception {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "0");
        try (Admin admin = kafka.admin()) {
            Config config = admin.describeConfigs(List.of(broker)).all().get().get(broker);

            assertThat(config.get("message.max.bytes").value()).isEqualTo("2097152");
            assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
            assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
            assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
            assertThat(config.get("group.initial.rebalance.delay.ms"))
                    .extracting(ConfigEntry::value).isEqualTo("0");
        }
    }

    @Test
    void shouldCreateTopicWithRequestedPartitionsAndEmptyEndOffsets(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("created");

        kafka.createTopic(topic, 3);

        assertThat(kafka.topicNames()).contains(topic).doesNotContain("__consumer_offsets");
        assertThat(kafka.endOffsets(topic)).isEqualTo(Map.of(0, 0L, 1, 0L, 2, 0L));
    }

    @Test
    void shouldFailWithTopicExistsWhenCreatingATopicTwice(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("twice");
        kafka.createTopic(topic, 1);

        assertThatThrownBy(() -> kafka.createTopic(topic, 1))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining(topic)
                .hasCauseInstanceOf(TopicExistsException.class);
    }

    @Test
    void shouldNoLongerListADeletedTopic(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("deleted");
        kafka.createTopic(topic, 1);

        kafka.deleteTopic(topic);

        assertThat(kafka.topicNames()).doesNotContain(topic);
        assertThatThrownBy(() -> kafka.endOffsets(topic))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldNotCreateTopicsOnFirstUse(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = KAFKA.uniqueTopic("never-created");
        try (Consumer<String, String> consumer = consumer(kafka, Map.of())) {
            assertThat(consumer.partitionsFor(topic, Duration.ofSeconds(10))).isEmpty();
        }
        assertThat(kafka.topicNames()).doesNotContain(topic);
    }

    @Test
    void shouldDeliverProducedRecordsToConsumerInOrder(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = KAFKA.uniqueTopic("plain");
        kafka.createTopic(topic, 1);
        List<String> sent = IntStream.range(0, 20).mapToObj(i -> "v" + i).collect(Collectors.toList());

        try (Producer<String, String> producer = producer(kafka, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (String value : sent) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
        }

        assertThat(kafka.endOffsets(topic)).isEqualTo(Map.of(0, 20L));
        try (Consumer<String, String> consumer = consumer(kafka, Map.of())) {
            assignAll(consumer, topic);
            assertThat(values(readAtLeast(consumer, 20))).isEqualTo(sent);
        }
    }

    @Test
    void shouldDeliverCommittedTransactionalRecordsToReadCommittedConsumer(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("committed");
        kafka.createTopic(topic, 1);

        try (Producer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "c1"));
            producer.send(new ProducerRecord<>(topic, "k", "c2"));
            producer.commitTransaction();
        }

        try (Consumer<String, String> consumer = readCommittedConsumer(kafka)) {
            assignAll(consumer, topic);
            assertThat(values(readAtLeast(consumer, 2))).containsExactly("c1", "c2");
        }
        // two records and one commit marker
        assertThat(kafka.endOffsets(topic)).isEqualTo(Map.of(0, 3L));
    }

    @Test
    void shouldNotDeliverAbortedTransactionalRecordsToReadCommittedConsumer(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("aborted");
        kafka.createTopic(topic, 1);

        try (Producer<String, String> producer = transactionalProducer(kafka)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted-1"));
            producer.send(new ProducerRecord<>(topic, "k", "aborted-2"));
            producer.flush();
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed"));
            producer.commitTransaction();
        }

        try (Consumer<String, String> consumer = readCommittedConsumer(kafka)) {
            assignAll(consumer, topic);
            // The committed record comes after the aborted ones, so once it arrived the
            // consumer has passed them.
            assertThat(values(readAtLeast(consumer, 1))).containsExactly("committed");
        }
        try (Consumer<String, String> consumer = consumer(kafka,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"))) {
            assignAll(consumer, topic);
            assertThat(values(readAtLeast(consumer, 3))).containsExactly("aborted-1", "aborted-2", "committed");
        }
    }

    @Test
    void shouldResumeConsumerGroupFromCommittedOffsets(EmbeddedKafkaCluster kafka) throws Exception {
        String topic = KAFKA.uniqueTopic("grouped");
        String group = KAFKA.uniqueTopic("group");
        kafka.createTopic(topic, 2);
        send(kafka, topic, "first-", 6);
        Map<String, Object> groupConfig = Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);

        try (Consumer<String, String> consumer = consumer(kafka, groupConfig)) {
            consumer.subscribe(List.of(topic));
            assertThat(readAtLeast(consumer, 6)).hasSize(6);
            consumer.commitSync();
        }

        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            long total = committed.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
            assertThat(total).isEqualTo(6);
        }
        send(kafka, topic, "second-", 4);
        try (Consumer<String, String> consumer = consumer(kafka, groupConfig)) {
            consumer.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> records = readAtLeast(consumer, 4);
            assertThat(values(records)).hasSize(4).allMatch(value -> value.startsWith("second-"));
        }
    }

    /** Two nested classes: whichever runs second fails if the first one closed the cluster. */
    @Nested
    class InNestedClass {
        @Test
        void shouldShareTheEnclosingClassCluster(EmbeddedKafkaCluster kafka) {
            assertThat(kafka).isSameAs(fromBeforeAll);
            kafka.createTopic(KAFKA.uniqueTopic("nested"), 1);
        }
    }

    @Nested
    class InAnotherNestedClass {
        @Test
        void shouldShareTheEnclosingClassCluster(EmbeddedKafkaCluster kafka) {
            assertThat(kafka).isSameAs(fromBeforeAll);
            kafka.createTopic(KAFKA.uniqueTopic("nested"), 1);
        }
    }

    private static void send(EmbeddedKafkaCluster kafka, String topic, String prefix, int count)
            throws Exception {
        try (Producer<String, String> producer = producer(kafka, Map.of())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, prefix + i, prefix + i)).get();
            }
        }
    }

    private static Producer<String, String> transactionalProducer(EmbeddedKafkaCluster kafka) {
        return producer(kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KAFKA.uniqueTopic("tx")));
    }

    private static Consumer<String, String> readCommittedConsumer(EmbeddedKafkaCluster kafka) {
        return consumer(kafka, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
    }
}
