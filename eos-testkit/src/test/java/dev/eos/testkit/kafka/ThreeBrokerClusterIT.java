package dev.eos.testkit.kafka;

import static dev.eos.testkit.kafka.Clients.assignAll;
import static dev.eos.testkit.kafka.Clients.consumer;
import static dev.eos.testkit.kafka.Clients.producer;
import static dev.eos.testkit.kafka.Clients.readAtLeast;
import static dev.eos.testkit.kafka.Clients.values;
import static dev.eos.testkit.kafka.Eventually.assertEventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(120)
class ThreeBrokerClusterIT {
    private static final int STOPPED = 2;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.withBrokers(3);

    @Test
    void shouldKeepAcceptingAcksAllWritesWithOneOfThreeReplicasDownAndRejoinAfterRestart(
            EmbeddedKafkaCluster kafka) throws Exception {
        String topic = KAFKA.uniqueTopic("replicated");
        kafka.createTopic(topic, 3, 3, Map.of("min.insync.replicas", "2"));
        assertThat(kafka.brokerIds()).containsExactly(0, 1, 2);
        List<String> sent = new ArrayList<>();

        try (Producer<String, String> producer = producer(kafka, Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            sendAndAwait(producer, topic, "before", sent);

            kafka.stopBroker(STOPPED);
            try {
                assertThat(kafka.brokerIds()).containsExactly(0, 1, 2);
                assertThat(liveBrokers(kafka)).containsExactlyInAnyOrder(0, 1);
                assertEventually("broker " + STOPPED + " has left every in-sync replica set",
                        () -> inSyncReplicas(kafka, topic).stream().noneMatch(isr -> isr.contains(STOPPED)));
                sendAndAwait(producer, topic, "during", sent);
            } finally {
                kafka.restartBroker(STOPPED);
            }

            assertThat(liveBrokers(kafka)).containsExactlyInAnyOrder(0, 1, 2);
            assertEventually("broker " + STOPPED + " is back in every in-sync replica set",
                    () -> inSyncReplicas(kafka, topic).stream().allMatch(isr -> isr.contains(STOPPED)));
            sendAndAwait(producer, topic, "after", sent);
        }

        try (Consumer<String, String> consumer = consumer(kafka, Map.of())) {
            assignAll(consumer, topic);
            assertThat(values(readAtLeast(consumer, sent.size()))).containsExactlyInAnyOrderElementsOf(sent);
        }
    }

    @Test
    void shouldCommitTransactionsWhileOneBrokerIsDown(EmbeddedKafkaCluster kafka) {
        String topic = KAFKA.uniqueTopic("tx-degraded");
        kafka.createTopic(topic, 1, 3, Map.of("min.insync.replicas", "2"));

        kafka.stopBroker(STOPPED);
        try (Producer<String, String> producer = producer(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, KAFKA.uniqueTopic("tx")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-while-degraded"));
            producer.commitTransaction();
        } finally {
            kafka.restartBroker(STOPPED);
        }

        try (Consumer<String, String> consumer = consumer(kafka,
                Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            assignAll(consumer, topic);
            assertThat(values(readAtLeast(consumer, 1))).containsExactly("committed-while-degraded");
        }
    }

    @Test
    void shouldBounceARunningBrokerOnRestart(EmbeddedKafkaCluster kafka) throws Exception {
        kafka.restartBroker(0);

        assertThat(liveBrokers(kafka)).containsExactlyInAnyOrder(0, 1, 2);
    }

    @Test
    void shouldRejectStoppingAnUnknownOrStoppedBroker(EmbeddedKafkaCluster kafka) {
        assertThatThrownBy(() -> kafka.stopBroker(7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1, 2]");

        kafka.stopBroker(STOPPED);
        try {
            assertThatThrownBy(() -> kafka.stopBroker(STOPPED))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already stopped");
        } finally {
            kafka.restartBroker(STOPPED);
        }
    }

    private static void sendAndAwait(Producer<String, String> producer, String topic, String phase,
            List<String> sent) throws Exception {
        for (int i = 0; i < 5; i++) {
            String value = phase + "-" + i;
            producer.send(new ProducerRecord<>(topic, value, value)).get();
            sent.add(value);
        }
    }

    private static Set<Integer> liveBrokers(EmbeddedKafkaCluster kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            return admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
        }
    }

    private static List<Set<Integer>> inSyncReplicas(EmbeddedKafkaCluster kafka, String topic) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            List<Set<Integer>> result = new ArrayList<>();
            for (TopicPartitionInfo partition : description.partitions()) {
                result.add(partition.isr().stream().map(Node::id).collect(Collectors.toSet()));
            }
            return result;
        }
    }
}
