package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A secured embedded cluster: SCRAM users log in over SASL_SSL and SASL_PLAINTEXT, have no rights
 * until granted, and a wrong password is refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecuredEmbeddedKafkaClusterIT {
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startCluster() {
        kafka = EmbeddedKafkaCluster.startSecured(SecurityOptions.defaults());
    }

    @AfterAll
    static void stopCluster() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLetAGrantedScramUserWriteAndReadOverBothListeners() throws Exception {
        kafka.createTopic("granted", 1);
        kafka.security().addScramUser("alice", "alice-secret");
        kafka.security().grant(
                allow("alice", ResourceType.TOPIC, "granted", PatternType.LITERAL, AclOperation.WRITE),
                allow("alice", ResourceType.TOPIC, "granted", PatternType.LITERAL, AclOperation.READ),
                allow("alice", ResourceType.GROUP, "alice-", PatternType.PREFIXED, AclOperation.READ));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                kafka.security().clientConfig("alice", "alice-secret", SecurityProtocol.SASL_SSL),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("granted", "k", "over TLS")).get(30, TimeUnit.SECONDS);
        }
        for (SecurityProtocol protocol : List.of(SecurityProtocol.SASL_SSL, SecurityProtocol.SASL_PLAINTEXT)) {
            Map<String, Object> config = kafka.security().clientConfig("alice", "alice-secret", protocol);
            config.put(ConsumerConfig.GROUP_ID_CONFIG, "alice-" + protocol);
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            assertThat(readValues(config, 1)).as("read over %s", protocol).containsExactly("over TLS");
        }
    }

    @Test
    void shouldRefuseAUserWithoutAclsAndAWrongPassword() throws Exception {
        kafka.createTopic("ungranted", 1);
        kafka.security().addScramUser("bob", "bob-secret");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                kafka.security().clientConfig("bob", "bob-secret", SecurityProtocol.SASL_SSL),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("ungranted", "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                kafka.security().clientConfig("bob", "not-bobs-password", SecurityProtocol.SASL_SSL),
                new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("ungranted", "k", "v")).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldServeEveryBrokerOfASecuredClusterOverSaslSslAlsoAfterARestart() throws Exception {
        try (EmbeddedKafkaCluster three = EmbeddedKafkaCluster.startSecured(SecurityOptions.defaults().withBrokers(3))) {
            three.createTopic("replicated", 1);
            three.security().addScramUser("carol", "carol-secret");
            three.security().grant(allow("carol", ResourceType.TOPIC, "replicated", PatternType.LITERAL,
                    AclOperation.WRITE));
            String before = three.security().bootstrapServers(SecurityProtocol.SASL_SSL);
            assertThat(before.split(",")).hasSize(3);
            write(three, "carol", "before the restart");

            three.restartBroker(1);

            String after = three.security().bootstrapServers(SecurityProtocol.SASL_SSL);
            assertThat(after.split(",")).hasSize(3);
            write(three, "carol", "after the restart");
        }
    }

    private static void write(EmbeddedKafkaCluster cluster, String user, String value) throws Exception {
        Map<String, Object> config = cluster.security().clientConfig(user, user + "-secret", SecurityProtocol.SASL_SSL);
        config.put("acks", "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("replicated", "k", value)).get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseSecurityOfAnUnsecuredCluster() {
        try (EmbeddedKafkaCluster plain = EmbeddedKafkaCluster.start()) {
            assertThatThrownBy(plain::security).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("startSecured");
            assertThat(plain.clientConfig()).containsOnlyKeys("bootstrap.servers");
        }
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(
                ClusterSecurity.principal(user), "*", operation, AclPermissionType.ALLOW));
    }

    private static List<String> readValues(Map<String, Object> config, int count) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("granted"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
        }
        return values;
    }
}
