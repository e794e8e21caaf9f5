package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Clusters started and closed by the test itself, without the extension. */
@Timeout(60)
class EmbeddedKafkaClusterLifecycleIT {

    @Test
    void shouldDeleteDataDirectoryAndRefuseWorkAfterClose() {
        EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
        Path data = kafka.dataDirectory();
        kafka.createTopic("lifecycle", 1);
        assertThat(data).isDirectory();

        kafka.close();
        kafka.close();

        assertThat(Files.exists(data)).as("data directory %s exists", data).isFalse();
        assertThatThrownBy(() -> kafka.createTopic("after-close", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(kafka::admin).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNameTheOverrideWhenABrokerConfigValueIsInvalid() {
        assertThatThrownBy(() -> EmbeddedKafkaCluster.start(1, Map.of("num.io.threads", "many")))
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Could not start an embedded Kafka cluster of 1 broker(s)")
                .hasMessageContaining("num.io.threads");
    }
}
