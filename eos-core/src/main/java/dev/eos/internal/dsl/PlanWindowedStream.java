package dev.eos.internal.dsl;

import dev.eos.dsl.Aggregator;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Initializer;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Reducer;
import dev.eos.dsl.Table;
import dev.eos.dsl.TimeWindows;
import dev.eos.dsl.WindowedGroupedStream;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.store.Windowed;
import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A {@link WindowedGroupedStream}: windowed aggregations over the output of node {@code parent}. */
final class PlanWindowedStream<K, V> implements WindowedGroupedStream<K, V> {
    private final PlanGraph graph;
    private final String parent;
    private final Grouped<K, V> grouped;
    private final TimeWindows windows;

    PlanWindowedStream(PlanGraph graph, String parent, Grouped<K, V> grouped, TimeWindows windows) {
        this.graph = graph;
        this.parent = parent;
        this.grouped = grouped;
        this.windows = windows;
    }

    @Override
    public Table<Windowed<K>, Long> count() {
        return add("WINDOWED-COUNT", "windowedBy(...).count()", null, Serdes.Long(), Aggregation.count());
    }

    @Override
    public Table<Windowed<K>, Long> count(Materialized<K, Long> materialized) {
        Objects.requireNonNull(materialized, "materialized");
        return add("WINDOWED-COUNT", "windowedBy(...).count(...)", materialized, Serdes.Long(), Aggregation.count());
    }

    @Override
    public Table<Windowed<K>, V> reduce(Reducer<V> reducer, Materialized<K, V> materialized) {
        Objects.requireNonNull(reducer, "reducer");
        Objects.requireNonNull(materialized, "materialized");
        return add("WINDOWED-REDUCE", "windowedBy(...).reduce(...)", materialized, grouped.valueSerde(),
                Aggregation.reduce(reducer));
    }

    @Override
    public <VA> Table<Windowed<K>, VA> aggregate(Initializer<VA> initializer,
                                                 Aggregator<? super K, ? super V, VA> aggregator,
                                                 Materialized<K, VA> materialized) {
        Objects.requireNonNull(initializer, "initializer");
        Objects.requireNonNull(aggregator, "aggregator");
        Objects.requireNonNull(materialized, "materialized");
        return add("WINDOWED-AGGREGATE", "windowedBy(...).aggregate(...)", materialized, null,
                Aggregation.aggregate(initializer, aggregator));
    }

    private <VA> Table<Windowed<K>, VA> add(String kind, String operator, Materialized<K, VA> materialized,
                                            Serde<VA> valueFallback, Aggregation<K, V, VA> aggregation) {
        String node = PlanGroupedStream.nodeName(graph, grouped, kind);
        String store = StoreSpecs.window(graph, kind, operator, materialized, windows, grouped.keySerde(), valueFallback);
        graph.add(new ProcessorNode(node, WindowedAggregation.supplier(node, store, windows, aggregation),
                List.of(store), true), List.of(parent));
        return new PlanTable<>(graph, node, null);
    }
}
