package dev.eos.internal.dsl;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Table;
import dev.eos.errors.EosException;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.SourceNode;
import java.util.List;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * A {@link Table} whose updates are the output of one node of a {@link PlanGraph}: that node
 * forwards {@link Change}s, which only this table's operators ({@code toStream}, {@code filter},
 * {@code mapValues}) receive; joins read the table's store through its {@link TableLookup}.
 * Key-value tables carry a lookup; windowed tables have none. Each table also carries whether its
 * node sends old values ({@link OldValues}): a {@code filter} requests them from its parent.
 */
public final class PlanTable<K, V> implements Table<K, V> {
    private final PlanGraph graph;
    private final String nodeName;
    private final TableLookup<K, V> lookup;
    private final OldValues oldValues;

    /** A table whose node always sends old values: a table source or an aggregation. */
    PlanTable(PlanGraph graph, String nodeName, TableLookup<K, V> lookup) {
        this(graph, nodeName, lookup, OldValues.alwaysSent());
    }

    private PlanTable(PlanGraph graph, String nodeName, TableLookup<K, V> lookup, OldValues oldValues) {
        this.graph = graph;
        this.nodeName = nodeName;
        this.lookup = lookup;
        this.oldValues = oldValues;
    }

    /**
     * {@code builder.table(topic, consumed, materialized)}: a source for {@code topic}, a
     * key-value store and a {@link TableSource} writing the topic into it. {@code materialized}
     * may be null for a generated store name and the Consumed serdes.
     */
    public static <K, V> Table<K, V> fromTopic(PlanGraph graph, String topic, Consumed<K, V> consumed,
                                               Materialized<K, V> materialized) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(consumed, "consumed");
        String source = consumed.name().orElseGet(() -> graph.newName("SOURCE"));
        String node = graph.newName("TABLE-SOURCE");
        String store = StoreSpecs.keyValue(graph, "TABLE", "table(\"" + topic + "\", ...)", materialized,
                consumed.keySerde(), consumed.valueSerde());
        graph.add(new SourceNode(source, List.of(topic), consumed.keySerde(), consumed.valueSerde()), List.of());
        graph.add(new ProcessorNode(node, TableSource.supplier(node, store), List.of(store)), List.of(source));
        return new PlanTable<>(graph, node, TableLookup.of(store));
    }

    /** {@code table} as a plan table of {@code graph}, for joining by {@code operator}. */
    @SuppressWarnings("unchecked")
    static <K, V> TableLookup<K, V> lookupFor(Table<K, V> table, PlanGraph graph, String operator) {
        if (!(table instanceof PlanTable<?, ?> t) || t.graph != graph) {
            throw new IllegalArgumentException(operator + ": can only join a table of the same PipelineBuilder");
        }
        if (t.lookup == null) {
            throw new EosException(operator + ": the table " + t.nodeName + " is windowed (keys are Windowed<K>); "
                    + "streams can only be joined with key-value tables. Fix: join with a table from builder.table(...) "
                    + "or a non-windowed aggregation.");
        }
        return (TableLookup<K, V>) t.lookup;
    }

    String nodeName() {
        return nodeName;
    }

    @Override
    public EventStream<K, V> toStream() {
        String name = graph.newName("TO-STREAM");
        graph.add(new ProcessorNode(name, TableOperators.<K, V>toStream()), List.of(nodeName));
        return new PlanStream<>(graph, name);
    }

    @Override
    public Table<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        String name = graph.newName("TABLE-FILTER");
        oldValues.request();
        graph.add(new ProcessorNode(name, TableOperators.filter(predicate)), List.of(nodeName));
        return new PlanTable<>(graph, name,
                lookup == null ? null : lookup.then((k, v) -> predicate.test(k, v) ? v : null));
    }

    @Override
    public <V2> Table<K, V2> mapValues(Function<? super V, ? extends V2> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        String name = graph.newName("TABLE-MAP-VALUES");
        OldValues mappedOldValues = OldValues.onRequestFrom(oldValues);
        graph.add(new ProcessorNode(name, TableOperators.<K, V, V2>mapValues(mapper, mappedOldValues::requested)),
                List.of(nodeName));
        return new PlanTable<>(graph, name, lookup == null ? null : lookup.then((k, v) -> mapper.apply(v)),
                mappedOldValues);
    }
}
