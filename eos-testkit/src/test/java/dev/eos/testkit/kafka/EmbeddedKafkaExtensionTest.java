package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaExtensionTest {

    @Test
    void shouldReturnAFreshPrefixedTopicNameOnEveryCall() {
        EmbeddedKafkaExtension extension = EmbeddedKafkaExtension.singleBroker();
        Set<String> names = new HashSet<>();

        for (int i = 0; i < 100; i++) {
            names.add(extension.uniqueTopic("orders"));
        }

        assertThat(names).hasSize(100).allMatch(name -> name.matches("orders-\\d+"));
    }

    @Test
    void shouldRejectTopicPrefixesKafkaWouldRefuse() {
        EmbeddedKafkaExtension extension = EmbeddedKafkaExtension.singleBroker();

        assertThatThrownBy(() -> extension.uniqueTopic("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> extension.uniqueTopic("orders/eu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orders/eu");
        assertThatThrownBy(() -> extension.uniqueTopic("x".repeat(201))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepASecuredExtensionSecuredWhenAddingBrokerConfig() {
        EmbeddedKafkaExtension secured = EmbeddedKafkaExtension.secured(SecurityOptions.defaults().withBrokers(2));

        EmbeddedKafkaExtension configured = secured.withBrokerConfig("log.segment.bytes", "1048576");

        assertThat(configured.toString()).contains("brokers=2").contains("log.segment.bytes=1048576").contains("secured");
        assertThat(EmbeddedKafkaExtension.singleBroker().toString()).doesNotContain("secured");
    }

    @Test
    void shouldLeaveTheOriginalUnchangedWhenAddingBrokerConfig() {
        EmbeddedKafkaExtension original = EmbeddedKafkaExtension.withBrokers(3);

        EmbeddedKafkaExtension configured = original.withBrokerConfig("log.segment.bytes", "1048576");

        assertThat(configured).isNotSameAs(original);
        assertThat(configured.toString()).contains("brokers=3", "log.segment.bytes=1048576");
        assertThat(original.toString()).doesNotContain("log.segment.bytes");
    }

    @Test
    void shouldRejectInvalidConfigurationWhenDeclared() {
        assertThatThrownBy(() -> EmbeddedKafkaExtension.withBrokers(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedKafkaExtension.singleBroker().withBrokerConfig("node.id", "5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("node.id");
    }

    @Test
    void shouldExplainStaticRegistrationWhenNoClusterIsRunning() {
        assertThatThrownBy(() -> EmbeddedKafkaExtension.singleBroker().cluster())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("static field");
    }
}
