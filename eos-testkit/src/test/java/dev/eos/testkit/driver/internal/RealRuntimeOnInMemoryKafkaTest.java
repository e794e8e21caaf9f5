package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.kafka.internal.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The unchanged Eos runtime (EosApp, its processing thread, the transactional commit protocol)
 * runs against the in-memory cluster through the client-factory seam, with no broker. Only one
 * thread touches the model at a time: the test before start and after close, the app's single
 * processing thread in between. The model's clock stands still, so no transaction times out and
 * no member exceeds max.poll.interval.ms; markers land when the app's producer goes on with its
 * next transaction, and after close() the test lands the last ones.
 */
class RealRuntimeOnInMemoryKafkaTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldProcessEveryRecordExactlyOnceThroughTheClientFactorySeam() throws Exception {
        InMemoryKafka kafka = new InMemoryKafka();
        kafka.createTopic("in", 2);
        kafka.createTopic("out", 2);
        int records = 200;
        for (int i = 0; i < records; i++) {
            kafka.append(new TopicPartition("in", i % 2), bytes("user-" + (i % 7)), bytes("event-" + i), List.of(), i);
        }
        KafkaClientFactory inMemory = new KafkaClientFactory() {
            @Override
            public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
                return new InMemoryConsumer(kafka, config);
            }

            @Override
            public Producer<byte[], byte[]> producer(Map<String, Object> config) {
                return new InMemoryProducer(kafka, config, () -> 0L);
            }

            @Override
            public Admin admin(Map<String, Object> config) {
                return new InMemoryAdmin(kafka);
            }
        };
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        EosConfig config = EosConfig.builder().applicationId("in-memory").bootstrapServers("in-memory:0")
                .set(EosConfig.INSTANCE_ID, "i").build();

        EosApp app = EosApp.builder(builder.build(), config).clientFactory(inMemory).build();
        app.start();
        try {
            Poll.until("all input committed", Duration.ofSeconds(30),
                    () -> app.metrics().recordsCommitted() >= records);
        } finally {
            app.close(Duration.ofSeconds(10));
        }

        kafka.deliverAllMarkers(); // what the coordinator does after the app's last commit
        List<String> out = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (LoggedRecord r : kafka.read(new TopicPartition("out", p), 0, 10_000, IsolationLevel.READ_COMMITTED).records()) {
                out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        assertThat(out).hasSize(records).doesNotHaveDuplicates().allMatch(v -> v.startsWith("EVENT-"));
        assertThat(kafka.committedOffsets("in-memory").values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(records / 2));
    }
}
