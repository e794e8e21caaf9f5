package dev.eos.internal.plan;

import dev.eos.dsl.Partitioner;
import dev.eos.dsl.TopicNameExtractor;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serializes records and writes them to a fixed topic or to the topic an extractor names.
 * {@code partitioner} is null for the default placement (murmur2 of the serialized key).
 */
public record SinkNode(String name, String topic, TopicNameExtractor<?, ?> extractor,
                       Serde<?> keySerde, Serde<?> valueSerde, Partitioner<?, ?> partitioner) implements PlanNode {

    /** The fixed topic, or empty when an extractor chooses per record. */
    public Optional<String> fixedTopic() {
        return Optional.ofNullable(topic);
    }

    @Override
    public String describeSelf() {
        return "Sink " + name + " (topic: " + (topic != null ? topic : "chosen per record") + ")";
    }
}
