package dev.eos.internal.dsl;

import dev.eos.dsl.BranchedStreams;
import dev.eos.dsl.EventStream;
import dev.eos.internal.plan.PlanGraph;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.ProcessorSupplier;
import dev.eos.processor.Record;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiPredicate;

/**
 * Collects the branches of a split, then adds one routing node whose children are one
 * pass-through node per branch; the router forwards each record to the first matching branch.
 */
final class PlanBranches<K, V> implements BranchedStreams<K, V> {
    private final PlanGraph graph;
    private final String parent;
    private final Map<String, BiPredicate<? super K, ? super V>> predicates = new LinkedHashMap<>();
    private boolean ended;

    PlanBranches(PlanGraph graph, String parent) {
        this.graph = graph;
        this.parent = parent;
    }

    @Override
    public BranchedStreams<K, V> branch(String name, BiPredicate<? super K, ? super V> predicate) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(predicate, "predicate");
        checkOpen();
        if (predicates.putIfAbsent(name, predicate) != null) {
            throw new IllegalArgumentException("Branch name '" + name + "' is used twice in one split");
        }
        return this;
    }

    @Override
    public Map<String, EventStream<K, V>> defaultBranch(String name) {
        Objects.requireNonNull(name, "name");
        if (predicates.containsKey(name)) {
            throw new IllegalArgumentException("Branch name '" + name + "' is used twice in one split");
        }
        return end(name);
    }

    @Override
    public Map<String, EventStream<K, V>> noDefaultBranch() {
        return end(null);
    }

    private void checkOpen() {
        if (ended) {
            throw new IllegalStateException("This split is already ended");
        }
    }

    private Map<String, EventStream<K, V>> end(String defaultName) {
        checkOpen();
        ended = true;
        String router = graph.newName("SPLIT");
        List<String> branchNames = new ArrayList<>(predicates.keySet());
        List<String> nodeNames = new ArrayList<>();
        for (String branch : branchNames) {
            nodeNames.add(router + "-" + branch);
        }
        String defaultNode = defaultName == null ? null : router + "-" + defaultName;
        List<BiPredicate<? super K, ? super V>> tests = new ArrayList<>(predicates.values());
        ProcessorSupplier<K, V, K, V> routerSupplier = () -> new Router<K, V>(tests, nodeNames, defaultNode);
        graph.add(new ProcessorNode(router, routerSupplier), List.of(parent));
        Map<String, EventStream<K, V>> out = new LinkedHashMap<>();
        for (int i = 0; i < branchNames.size(); i++) {
            graph.add(new ProcessorNode(nodeNames.get(i), Operators.passThrough()), List.of(router));
            out.put(branchNames.get(i), new PlanStream<>(graph, nodeNames.get(i)));
        }
        if (defaultNode != null) {
            graph.add(new ProcessorNode(defaultNode, Operators.passThrough()), List.of(router));
            out.put(defaultName, new PlanStream<>(graph, defaultNode));
        }
        return Collections.unmodifiableMap(out);
    }

    private static final class Router<K, V> implements Processor<K, V, K, V> {
        private final List<BiPredicate<? super K, ? super V>> tests;
        private final List<String> children;
        private final String defaultChild;
        private ProcessorContext<K, V> context;

        Router(List<BiPredicate<? super K, ? super V>> tests, List<String> children, String defaultChild) {
            this.tests = tests;
            this.children = children;
            this.defaultChild = defaultChild;
        }

        @Override
        public void init(ProcessorContext<K, V> context) {
            this.context = context;
        }

        @Override
        public void process(Record<K, V> record) {
            for (int i = 0; i < tests.size(); i++) {
                if (tests.get(i).test(record.key(), record.value())) {
                    context.forward(record, children.get(i));
                    return;
                }
            }
            if (defaultChild != null) {
                context.forward(record, defaultChild);
            }
        }
    }
}
