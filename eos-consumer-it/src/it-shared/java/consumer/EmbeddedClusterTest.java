package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.CommittedReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A stateless EosApp on the embedded KRaft broker, through the JUnit extension. */
class EmbeddedClusterTest {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    @Test
    void statelessAppProcessesOnTheEmbeddedBroker(EmbeddedKafkaCluster kafka) throws Exception {
        String in = KAFKA.uniqueTopic("in");
        String out = KAFKA.uniqueTopic("out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to(out, Produced.with(Serdes.String(), Serdes.String()));
        EosConfig config = EosConfig.builder()
                .applicationId(KAFKA.uniqueTopic("shout"))
                .bootstrapServers(kafka.bootstrapServers())
                .build();

        try (EosApp app = EosApp.create(builder.build(), config)) {
            app.start();
            send(kafka, in, "a", "b", "c");
            List<ConsumerRecord<byte[], byte[]>> read =
                    CommittedReader.readAll(kafka.clientConfig(), out, n -> n >= 3, Duration.ofSeconds(60));
            assertEquals(List.of("A", "B", "C"),
                    read.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList());
        }
    }

    private static void send(EmbeddedKafkaCluster kafka, String topic, String... values) throws Exception {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, "k", value)).get();
            }
        }
    }
}
