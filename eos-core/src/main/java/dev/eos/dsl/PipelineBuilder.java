package dev.eos.dsl;

import dev.eos.internal.dsl.PlanStream;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.SourceNode;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Pipeline}: start from one or more source topics, chain operators on the
 * returned {@link EventStream}s, then {@link #build()}.
 *
 * <pre>{@code
 * PipelineBuilder builder = new PipelineBuilder();
 * builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
 *        .filter((id, json) -> json.contains("\"paid\":true"))
 *        .to("paid-orders", Produced.with(Serdes.String(), Serdes.String()));
 * Pipeline pipeline = builder.build();
 * }</pre>
 */
public final class PipelineBuilder {
    private final PlanGraph graph = new PlanGraph();

    /** A stream of the records of {@code topic}. */
    public <K, V> EventStream<K, V> stream(String topic, Consumed<K, V> consumed) {
        Objects.requireNonNull(topic, "topic");
        return stream(List.of(topic), consumed);
    }

    /** One stream of the records of all {@code topics}, which share key and value types. */
    public <K, V> EventStream<K, V> stream(Collection<String> topics, Consumed<K, V> consumed) {
        Objects.requireNonNull(consumed, "consumed");
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("A source needs at least one topic");
        }
        String name = consumed.name().orElseGet(() -> graph.newName("SOURCE"));
        graph.add(new SourceNode(name, List.copyOf(topics), consumed.keySerde(), consumed.valueSerde()), List.of());
        return new PlanStream<>(graph, name);
    }

    /** Freezes what was built into an immutable, validated pipeline. */
    public Pipeline build() {
        return graph.build();
    }
}
