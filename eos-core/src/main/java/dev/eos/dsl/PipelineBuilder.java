package dev.eos.dsl;

import dev.eos.internal.dsl.PlanStream;
import dev.eos.internal.dsl.PlanTable;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.SourceNode;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import dev.eos.store.StoreSpec;
import dev.eos.processor.ProcessorSupplier;

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

    /**
     * A {@link Table} of the latest value per key of {@code topic} (usually compacted), kept in a
     * key-value store: each record replaces its key's value, a null value deletes the key, and
     * every record is emitted downstream with its timestamp (a tombstone for a key the table does
     * not hold too, as in Kafka Streams). Records with a null key are dropped. The store's serdes
     * fall back to those of {@code consumed}.
     *
     * <pre>{@code
     * Table<String, Customer> customers = builder.table("customers",
     *         Consumed.with(Serdes.String(), customerSerde), Materialized.as("customers-store"));
     * }</pre>
     */
    public <K, V> Table<K, V> table(String topic, Consumed<K, V> consumed, Materialized<K, V> materialized) {
        return PlanTable.fromTopic(graph, topic, consumed, Objects.requireNonNull(materialized, "materialized"));
    }

    /** A {@link Table} of {@code topic} as {@link #table(String, Consumed, Materialized)}, with a generated store name. */
    public <K, V> Table<K, V> table(String topic, Consumed<K, V> consumed) {
        return PlanTable.fromTopic(graph, topic, consumed, null);
    }

    /**
     * Declares a state store for the processor API; connect it to processors by name with
     * {@link EventStream#process(ProcessorSupplier, String...)}.
     */
    public PipelineBuilder addStateStore(StoreSpec<?, ?> spec) {
        graph.addStore(Objects.requireNonNull(spec, "spec"));
        return this;
    }

    /** Freezes what was built into an immutable, validated pipeline. */
    public Pipeline build() {
        return graph.build();
    }
}
