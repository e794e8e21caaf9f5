package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {

    @Test
    void shouldRejectClusterWithoutBrokers() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("brokers must be at least 1, was 0");
    }

    @Test
    void shouldRejectOverridesOfConfigsTheClusterManagesBeforeStarting() {
        Map<String, String> overrides = Map.of("listeners", "PLAINTEXT://:9092", "log.dirs", "/tmp/x");

        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(1, overrides))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[listeners, log.dirs]")
                .hasMessageContaining("cannot be overridden");
    }
}
