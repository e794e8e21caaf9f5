package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * An app whose config holds a secret in every kind of secret key starts, counts, and closes in a
 * child JVM that logs at INFO (Eos at DEBUG): neither its log nor its output contains any of the
 * secrets, while the config dumps that would show them are there (with {@code [hidden]}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecretsNeverLoggedIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    @TempDir
    Path stateDir;

    @Test
    void shouldNeverLogASecretAtStartProcessingOrClose() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("secrets-in");
        String out = KAFKA.uniqueTopic("secrets-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);

        String log;
        List<String> stdout;
        try (ChildPipeline child = ChildPipeline.start("SecretsNeverLoggedIT", SecretConfigMain.class,
                kafka.bootstrapServers(), in, out, stateDir.toString())) {
            child.awaitReady(Duration.ofSeconds(60));
            List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                input.add(KafkaIo.record(in, "k" + (i % 3), "v" + i));
            }
            KafkaIo.produce(kafka, input);
            KafkaIo.awaitAllConsumed(kafka, in + "-app", in, Duration.ofSeconds(60), child::assertAlive);
            child.stop();
            log = Files.readString(child.logFile(), StandardCharsets.UTF_8);
            stdout = child.lines();
        }

        for (Object secret : SecretConfigMain.secrets().values()) {
            assertThat(log).as("the child's log").doesNotContain(secret.toString());
            assertThat(String.join("\n", stdout)).as("the child's output").doesNotContain(secret.toString());
        }
        assertThat(log).doesNotContain("Pa55word").doesNotContain("Secret-9").doesNotContain("Passphrase-10");
        // The log had the chance to leak them: the lines that print configs are there.
        assertThat(log).as("the start-up line with the config").contains("Starting Eos app " + in + "-app")
                .contains("sasl.jaas.config=[hidden]").contains("producer.ssl.key.password=[hidden]");
        assertThat(log).as("Kafka's client config dumps were logged").contains("ConsumerConfig values")
                .contains("ProducerConfig values").contains("AdminClientConfig values");
    }
}
