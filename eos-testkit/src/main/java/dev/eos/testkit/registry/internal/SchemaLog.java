package dev.eos.testkit.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eos.avro.compat.CompatibilityLevel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The registry's durable state: one compacted, single-partition topic. Every change is one
 * record, keyed so that compaction keeps the latest value of each schema version and each
 * config:
 * <ul>
 *   <li>key {@code {"keytype":"SCHEMA","subject":s,"version":v}}, value
 *       {@code {"subject":s,"version":v,"id":n,"schema":"...","deleted":false}};
 *   <li>key {@code {"keytype":"CONFIG","subject":s}} ({@code null} subject: global), value
 *       {@code {"compatibilityLevel":"FULL"}}, or no value when a subject's level is removed.
 * </ul>
 * A write returns only once the broker acknowledged it ({@code acks=all}); the state is rebuilt
 * by reading the topic from its beginning to its end. One registry writes the topic at a time.
 */
public final class SchemaLog implements RegistryLog, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final Map<String, Object> clientConfig;
    private final KafkaProducer<String, String> producer;

    public SchemaLog(String topic, Map<String, Object> clientConfig) {
        this.topic = topic;
        this.clientConfig = Map.copyOf(clientConfig);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    public String topic() {
        return topic;
    }

    @Override
    public void writeSchema(SchemaEntry entry) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "SCHEMA").put("subject", entry.subject())
                .put("version", entry.version());
        ObjectNode value = JSON.createObjectNode().put("subject", entry.subject()).put("version", entry.version())
                .put("id", entry.id()).put("schema", entry.canonical()).put("deleted", entry.deleted());
        write(key.toString(), value.toString());
    }

    @Override
    public void writeConfig(String subject, CompatibilityLevel level) {
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subject);
        String value = level == null ? null
                : JSON.createObjectNode().put("compatibilityLevel", level.name()).toString();
        write(key.toString(), value);
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, key, value)).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryError(50001, "Interrupted while writing to the schemas topic '" + topic + "'");
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new RegistryError(50001, "Could not write to the schemas topic '" + topic + "': " + cause);
        }
    }

    /** Reads the topic from its beginning to its current end into {@code state}. */
    @Override
    public void replayInto(RegistryState state) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Could not read the schemas topic '" + topic + "' to its end offset "
                            + end + " within " + TIMEOUT + "; position " + consumer.position(partition));
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(state, record);
                }
            }
        }
    }

    private static void apply(RegistryState state, ConsumerRecord<String, String> record) {
        try {
            JsonNode key = JSON.readTree(record.key());
            String subject = key.path("subject").isNull() ? null : key.path("subject").asText(null);
            switch (key.path("keytype").asText()) {
                case "SCHEMA" -> {
                    if (record.value() != null) {
                        JsonNode value = JSON.readTree(record.value());
                        Schema schema = new Schema.Parser().parse(value.get("schema").asText());
                        state.apply(new SchemaEntry(value.get("subject").asText(), value.get("version").asInt(),
                                value.get("id").asInt(), schema, value.path("deleted").asBoolean(false)));
                    }
                }
                case "CONFIG" -> state.applyConfig(subject, record.value() == null ? null
                        : CompatibilityLevel.parse(JSON.readTree(record.value()).get("compatibilityLevel").asText()));
                default -> throw new IllegalStateException("unknown keytype");
            }
        } catch (Exception e) {
            throw new IllegalStateException("The schemas topic '" + record.topic() + "' holds a record the embedded"
                    + " registry cannot read at offset " + record.offset() + " (key " + record.key() + "): " + e
                    + "; use a topic only this registry writes (EmbeddedSchemaRegistry.Builder.topic)", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
