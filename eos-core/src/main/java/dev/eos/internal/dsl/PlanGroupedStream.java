package dev.eos.internal.dsl;

import dev.eos.dsl.Aggregator;
import dev.eos.dsl.GroupedStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Initializer;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Reducer;
import dev.eos.dsl.Table;
import dev.eos.dsl.TimeWindows;
import dev.eos.dsl.WindowedGroupedStream;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.ProcessorNode;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A {@link GroupedStream} over the output of node {@code parent}, whose records are already partitioned by key. */
final class PlanGroupedStream<K, V> implements GroupedStream<K, V> {
    private final PlanGraph graph;
    private final String parent;
    private final Grouped<K, V> grouped;

    PlanGroupedStream(PlanGraph graph, String parent, Grouped<K, V> grouped) {
        this.graph = graph;
        this.parent = parent;
        this.grouped = grouped;
    }

    @Override
    public Table<K, Long> count() {
        return add("COUNT", "count()", null, Serdes.Long(), Aggregation.count());
    }

    @Override
    public Table<K, Long> count(Materialized<K, Long> materialized) {
        Objects.requireNonNull(materialized, "materialized");
        return add("COUNT", "count(...)", materialized, Serdes.Long(), Aggregation.count());
    }

    @Override
    public Table<K, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized) {
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(materialized, "materialized");
        return add("REDUCE", "reduce(...)", materialized, grouped.valueSerde(), Aggregation.reduce(reducer));
    }

    @Override
    public <VA> Table<K, VA> aggregate(Initializer<VA> initializer, Aggregator<? super K, ? super V, VA> aggregator,
                                       Materialized<K, VA> materialized) {
        Objects.requireNonNull(initializer, "initializer");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(materialized, "materialized");
        return add("AGGREGATE", "aggregate(...)", materialized, null, Aggregation.aggregate(initializer, aggregator));
    }

    @Override
    public WindowedGroupedStream<K, V> windowedBy(TimeWindows windows) {
        return new PlanWindowedStream<>(graph, parent, grouped, Objects.requireNonNull(windows, "windows"));
    }

    /** Node name for {@code kind}, prefixed with the Grouped name if any. */
    static String nodeName(PlanGraph graph, Grouped<?, ?> grouped, String kind) {
        return graph.newName(grouped.name().map(n -> n + "-" + kind).orElse(kind));
    }

    private <VA> Table<K, VA> add(String kind, String operator, Materialized<K, VA> materialized,
                                  Serde<VA> valueFallback, Aggregation<K, V, VA> aggregation) {
        String node = nodeName(graph, grouped, kind);
        String store = StoreSpecs.keyValue(graph, kind, operator, materialized, grouped.keySerde(), valueFallback);
        graph.add(new ProcessorNode(node, KeyValueAggregation.supplier(node, store, aggregation), List.of(store)),
                List.of(parent));
        return new PlanTable<>(graph, node, TableLookup.of(store));
    }
}
