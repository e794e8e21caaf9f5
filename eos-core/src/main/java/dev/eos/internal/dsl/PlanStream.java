package dev.eos.internal.dsl;

import dev.eos.dsl.BranchedStreams;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.GroupedStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Table;
import dev.eos.dsl.ValueJoiner;
import dev.eos.errors.EosException;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Produced;
import dev.eos.dsl.TopicNameExtractor;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.dsl.Repartitioned;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.RepartitionTopic;
import dev.eos.internal.plan.SourceNode;
import dev.eos.internal.plan.SinkNode;
import dev.eos.processor.ProcessorSupplier;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * An {@link EventStream} that is the output of one node of a {@link PlanGraph}.
 *
 * <p>It remembers whether an operator upstream may have changed the key (map, flatMap,
 * selectKey, process): records of such a stream are no longer partitioned by their key, so
 * grouping or joining it needs a repartition topic first, as in Kafka Streams. All of that goes
 * through {@link #repartition}.
 */
public final class PlanStream<K, V> implements EventStream<K, V> {
    private final PlanGraph graph;
    private final String nodeName;
    private final boolean keyMayHaveChanged;

    public PlanStream(PlanGraph graph, String nodeName) {
        this(graph, nodeName, false);
    }

    private PlanStream(PlanGraph graph, String nodeName, boolean keyMayHaveChanged) {
        this.graph = graph;
        this.nodeName = nodeName;
        this.keyMayHaveChanged = keyMayHaveChanged;
    }

    String nodeName() {
        return nodeName;
    }

    /** This stream, marked as possibly re-keyed. */
    PlanStream<K, V> withKeyMayHaveChanged() {
        return new PlanStream<>(graph, nodeName, true);
    }

    /** Adds a node that keeps the key. */
    private <K2, V2> EventStream<K2, V2> then(String prefix, ProcessorSupplier<?, ?, ?, ?> supplier) {
        return add(prefix, supplier, List.of(), keyMayHaveChanged);
    }

    /** Adds a node that may change the key. */
    private <K2, V2> EventStream<K2, V2> rekey(String prefix, ProcessorSupplier<?, ?, ?, ?> supplier) {
        return add(prefix, supplier, List.of(), true);
    }

    private <K2, V2> EventStream<K2, V2> add(String prefix, ProcessorSupplier<?, ?, ?, ?> supplier,
                                             List<String> storeNames, boolean rekeyed) {
        String name = graph.newName(prefix);
        graph.add(new ProcessorNode(name, supplier, storeNames), List.of(nodeName));
        return new PlanStream<>(graph, name, rekeyed);
    }

    @Override
    public EventStream<K, V> filter(BiPredicate<? super K, ? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return then("FILTER", Operators.filter(predicate, true));
    }

    @Override
    public EventStream<K, V> filterNot(BiPredicate<? super K, ? super V> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return then("FILTER-NOT", Operators.filter(predicate, false));
    }

    @Override
    public <K2, V2> EventStream<K2, V2> map(BiFunction<? super K, ? super V, KeyValue<K2, V2>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return rekey("MAP", Operators.map(mapper));
    }

    @Override
    public <V2> EventStream<K, V2> mapValues(Function<? super V, ? extends V2> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return then("MAP-VALUES", Operators.<K, V, V2>mapValues(mapper));
    }

    @Override
    public <K2, V2> EventStream<K2, V2> flatMap(
            BiFunction<? super K, ? super V, ? extends Iterable<KeyValue<K2, V2>>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return rekey("FLAT-MAP", Operators.flatMap(mapper));
    }

    @Override
    public <V2> EventStream<K, V2> flatMapValues(Function<? super V, ? extends Iterable<? extends V2>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return then("FLAT-MAP-VALUES", Operators.<K, V, V2>flatMapValues(mapper));
    }

    @Override
    public EventStream<K, V> peek(BiConsumer<? super K, ? super V> action) {
        Objects.requireNonNull(action, "action");
        return then("PEEK", Operators.peek(action));
    }

    @Override
    public <K2> EventStream<K2, V> selectKey(BiFunction<? super K, ? super V, ? extends K2> keySelector) {
        Objects.requireNonNull(keySelector, "keySelector");
        return rekey("SELECT-KEY", Operators.<K, V, K2>selectKey(keySelector));
    }

    @Override
    public BranchedStreams<K, V> split() {
        BranchedStreams<K, V> branches = new PlanBranches<>(graph, nodeName);
        return keyMayHaveChanged ? new RekeyedBranches<>(branches) : branches;
    }

    @Override
    public EventStream<K, V> merge(EventStream<K, V> other) {
        if (!(other instanceof PlanStream<?, ?> o) || o.graph != graph) {
            throw new IllegalArgumentException("Can only merge streams of the same PipelineBuilder");
        }
        if (o.nodeName.equals(nodeName)) {
            throw new IllegalArgumentException("Cannot merge a stream with itself: every record would appear twice");
        }
        String name = graph.newName("MERGE");
        graph.add(new ProcessorNode(name, Operators.passThrough()), List.of(nodeName, o.nodeName));
        return new PlanStream<>(graph, name, keyMayHaveChanged || o.keyMayHaveChanged);
    }

    @Override
    public <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return rekey("PROCESS", supplier);
    }

    @Override
    public <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier,
                                                String... storeNames) {
        Objects.requireNonNull(supplier, "supplier");
        return add("PROCESS", supplier, List.of(storeNames), true);
    }

    @Override
    public GroupedStream<K, V> groupByKey(Grouped<K, V> grouped) {
        Objects.requireNonNull(grouped, "grouped");
        String parent = keyMayHaveChanged ? repartition("groupByKey(...)", null, grouped) : nodeName;
        return new PlanGroupedStream<>(graph, parent, grouped);
    }

    @Override
    public <KR> GroupedStream<KR, V> groupBy(BiFunction<? super K, ? super V, ? extends KR> keySelector,
                                            Grouped<KR, V> grouped) {
        Objects.requireNonNull(keySelector, "keySelector");
        Objects.requireNonNull(grouped, "grouped");
        return new PlanGroupedStream<>(graph, repartition("groupBy(...)", keySelector, grouped), grouped);
    }

    @Override
    public <VT, VR> EventStream<K, VR> join(Table<K, VT> table,
                                            ValueJoiner<? super V, ? super VT, ? extends VR> joiner) {
        return joinTable("join(table, joiner)", "JOIN", table, joiner, false);
    }

    @Override
    public <VT, VR> EventStream<K, VR> leftJoin(Table<K, VT> table,
                                                ValueJoiner<? super V, ? super VT, ? extends VR> joiner) {
        return joinTable("leftJoin(table, joiner)", "LEFT-JOIN", table, joiner, true);
    }

    private <VT, VR> EventStream<K, VR> joinTable(String operator, String prefix, Table<K, VT> table,
                                                  ValueJoiner<? super V, ? super VT, ? extends VR> joiner,
                                                  boolean left) {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(joiner, "joiner");
        TableLookup<K, VT> lookup = PlanTable.lookupFor(table, graph, operator);
        String parent = keyMayHaveChanged ? repartition(operator, null, null) : nodeName;
        String name = graph.newName(prefix);
        graph.add(new ProcessorNode(name, StreamTableJoin.supplier(name, lookup, joiner, left),
                List.of(lookup.storeName())), List.of(parent));
        return new PlanStream<>(graph, name, false);
    }

    @Override
    public EventStream<K, V> repartition(Repartitioned<K, V> repartitioned) {
        Objects.requireNonNull(repartitioned, "repartitioned");
        String source = throughTopic(nodeName, repartitioned.name().orElse(null), repartitioned.keySerde(),
                repartitioned.valueSerde(), repartitioned.numberOfPartitions().orElse(null),
                repartitioned.partitioner().orElse(null));
        return new PlanStream<>(graph, source, false);
    }

    /**
     * The one place where a grouping or join moves records to the partition of their key: the
     * key selector (if {@code keySelector} is not null), then a sink to the repartition topic
     * with the {@link Grouped} serdes and a source reading it back, whose name it returns.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private String repartition(String operator, BiFunction<?, ?, ?> keySelector, Grouped<?, ?> grouped) {
        if (grouped == null) {
            throw new EosException(operator + " follows map, flatMap, selectKey or process, which may have changed "
                    + "the key, so records must first move to the partition of their key through a repartition topic, "
                    + "which needs serdes. Fix: call .repartition(Repartitioned.with(keySerde, valueSerde)) before "
                    + operator + ".");
        }
        String parent = nodeName;
        if (keySelector != null) {
            parent = graph.newName("SELECT-KEY");
            graph.add(new ProcessorNode(parent, Operators.selectKey((BiFunction) keySelector)), List.of(nodeName));
        }
        return throughTopic(parent, grouped.name().orElse(null), grouped.keySerde(), grouped.valueSerde(), null, null);
    }

    /** Adds a sink to a new repartition topic after {@code parent} and a source reading it; returns the source. */
    private String throughTopic(String parent, String name, org.apache.kafka.common.serialization.Serde<?> keySerde,
                                org.apache.kafka.common.serialization.Serde<?> valueSerde, Integer partitions,
                                dev.eos.dsl.Partitioner<?, ?> partitioner) {
        String base = name != null ? name : graph.newName("REPARTITION");
        String topic = RepartitionTopic.topicFor(base);
        graph.addRepartitionTopic(new RepartitionTopic(topic, java.util.Optional.ofNullable(partitions)));
        String sink = base + "-sink";
        graph.add(new SinkNode(sink, topic, null, keySerde, valueSerde, partitioner), List.of(parent));
        String source = base + "-source";
        graph.add(new SourceNode(source, List.of(topic), keySerde, valueSerde), List.of());
        return source;
    }

    @Override
    public void sinkTo(dev.eos.sink.ExternalSinkFactory<K, V> sink) {
        Objects.requireNonNull(sink, "sink");
        graph.add(new dev.eos.internal.plan.ExternalSinkNode(graph.newName("EXTERNAL-SINK"), sink), List.of(nodeName));
    }

    @Override
    public void to(String topic, Produced<K, V> produced) {
        Objects.requireNonNull(topic, "topic");
        addSink(topic, null, produced);
    }

    @Override
    public void to(TopicNameExtractor<? super K, ? super V> extractor, Produced<K, V> produced) {
        Objects.requireNonNull(extractor, "extractor");
        addSink(null, extractor, produced);
    }

    private void addSink(String topic, TopicNameExtractor<?, ?> extractor, Produced<K, V> produced) {
        Objects.requireNonNull(produced, "produced");
        String name = produced.name().orElseGet(() -> graph.newName("SINK"));
        graph.add(new SinkNode(name, topic, extractor, produced.keySerde(), produced.valueSerde(),
                produced.partitioner().orElse(null)), List.of(nodeName));
    }
}
