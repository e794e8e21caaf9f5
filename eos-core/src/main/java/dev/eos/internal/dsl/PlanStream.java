package dev.eos.internal.dsl;

import dev.eos.dsl.BranchedStreams;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Produced;
import dev.eos.dsl.TopicNameExtractor;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.SinkNode;
import dev.eos.processor.ProcessorSupplier;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/** An {@link EventStream} that is the output of one node of a {@link PlanGraph}. */
public final class PlanStream<K, V> implements EventStream<K, V> {
    private final PlanGraph graph;
    private final String nodeName;

    public PlanStream(PlanGraph graph, String nodeName) {
        this.graph = graph;
        this.nodeName = nodeName;
    }

    String nodeName() {
        return nodeName;
    }

    private <K2, V2> EventStream<K2, V2> then(String prefix, ProcessorSupplier<?, ?, ?, ?> supplier) {
        String name = graph.newName(prefix);
        graph.add(new ProcessorNode(name, supplier), List.of(nodeName));
        return new PlanStream<>(graph, name);
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
        return then("MAP", Operators.map(mapper));
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
        return then("FLAT-MAP", Operators.flatMap(mapper));
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
        return then("SELECT-KEY", Operators.<K, V, K2>selectKey(keySelector));
    }

    @Override
    public BranchedStreams<K, V> split() {
        return new PlanBranches<>(graph, nodeName);
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
        return new PlanStream<>(graph, name);
    }

    @Override
    public <K2, V2> EventStream<K2, V2> process(ProcessorSupplier<? super K, ? super V, K2, V2> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        return then("PROCESS", supplier);
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
