package dev.eos.examples.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.CommittedReader;
import dev.eos.testkit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The rekeying job end to end on an embedded broker, with a small generated source. */
class RekeyJobIT {
    private static final int EVENTS = 2_000;

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    @Test
    void shouldRekeyEveryEventOnceKeepingEachUserInOnePartitionInSourceOrder(EmbeddedKafkaCluster kafka) throws Exception {
        RekeyOptions options = RekeyOptions.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--source", KAFKA.uniqueTopic("events_by_country"), "--target", KAFKA.uniqueTopic("events_by_session"),
                "--key-field", "user_id,session_id", "--partitioner", "prefix", "--partitions", "8",
                "--records", String.valueOf(EVENTS));

        RekeyResult result = RekeyJob.run(kafka.bootstrapServers(), options, out);

        VerificationReport v = result.verification();
        assertThat(result.ok()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(v.recordsIn()).isEqualTo(EVENTS + EventGenerator.BAD_RECORDS);
        assertThat(v.recordsOut()).isEqualTo(EVENTS);
        assertThat(v.duplicates()).isZero();
        assertThat(v.missing()).isZero();
        assertThat(result.deadLettered()).isEqualTo(EventGenerator.BAD_RECORDS);
        assertThat(result.placement().units()).isEqualTo(EventGenerator.users(EVENTS));
        assertThat(result.placement().spread()).isZero();
        assertThat(result.placement().outOfOrder()).isZero();
        assertThat(result.target().counts()).hasSize(8);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("VERIFIED: in 2002, out 2000, duplicates 0, missing 0")
                .contains("PLACEMENT OK: each of 100 user_id values in one target partition, in source order");
    }

    @Test
    void shouldPlaceEachKeyWhereAPlainKafkaProducerPutsIt(EmbeddedKafkaCluster kafka) throws Exception {
        String target = KAFKA.uniqueTopic("events_by_user");
        RekeyOptions options = RekeyOptions.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--source", KAFKA.uniqueTopic("events_by_country"), "--target", target,
                "--partitions", "5", "--records", "500", "--on-error", "skip");

        RekeyResult result = RekeyJob.run(kafka.bootstrapServers(), options, out);
        assertThat(result.ok()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(result.deadLettered()).isZero();

        List<ConsumerRecord<byte[], byte[]>> rekeyed = CommittedReader.readAll(kafka.clientConfig(), target,
                n -> n >= 500, Duration.ofSeconds(30));
        Map<String, Integer> jobPartition = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : rekeyed) {
            jobPartition.put(new String(r.key(), StandardCharsets.UTF_8), r.partition());
        }
        String plain = KAFKA.uniqueTopic("plain");
        kafka.createTopic(plain, 5);
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (Map.Entry<String, Integer> e : jobPartition.entrySet()) {
                int producerPartition = producer.send(new ProducerRecord<>(plain, e.getKey(), "x"))
                        .get(30, TimeUnit.SECONDS).partition();
                assertThat(e.getValue()).as("partition of key %s", e.getKey()).isEqualTo(producerPartition);
            }
        }
        assertThat(jobPartition).hasSize(EventGenerator.users(500));
    }

    @Test
    void shouldRefuseTargetThatExistsWithAnotherPartitionCount(EmbeddedKafkaCluster kafka) {
        String target = KAFKA.uniqueTopic("events_by_user");
        kafka.createTopic(target, 3);
        RekeyOptions options = RekeyOptions.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--source", KAFKA.uniqueTopic("events_by_country"), "--target", target, "--partitions", "12",
                "--records", "10");

        assertThatThrownBy(() -> RekeyJob.run(kafka.bootstrapServers(), options, out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Target topic '" + target + "' exists with 3 partitions, but --partitions 12 was given")
                .hasMessageContaining("pass --partitions 3");
    }

    @Test
    void shouldRefuseMissingSourceWhenNothingIsGenerated(EmbeddedKafkaCluster kafka) {
        RekeyOptions options = RekeyOptions.parse("--bootstrap-servers", kafka.bootstrapServers(),
                "--source", "no-such-topic", "--target", KAFKA.uniqueTopic("events_by_user"));

        assertThatThrownBy(() -> RekeyJob.run(kafka.bootstrapServers(), options, out))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Source topic 'no-such-topic' does not exist");
    }
}
