package dev.eos.internal.plan;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;

/** Reads records from one or more topics and deserializes them. */
public record SourceNode(String name, List<String> topics, Serde<?> keySerde, Serde<?> valueSerde)
        implements PlanNode {
    public SourceNode {
        topics = List.copyOf(topics);
    }

    @Override
    public String describeSelf() {
        return "Source " + name + " (topics: " + String.join(", ", topics) + ")";
    }
}
