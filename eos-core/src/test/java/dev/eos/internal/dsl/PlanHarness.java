package dev.eos.internal.dsl;

import dev.eos.dsl.Pipeline;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.PlanNode;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.SinkNode;
import dev.eos.internal.plan.SourceNode;
import dev.eos.processor.Processor;
import dev.eos.processor.Record;
import dev.eos.store.StoreSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a built plan in one task without Kafka: creates each node's processor, connects only the
 * stores the node lists (as the runtime does), routes forwards to the children, and collects
 * what reaches each sink topic. Records enter with {@link #pipe}, already deserialized.
 */
final class PlanHarness {
    private final LogicalPlan plan;
    private final FakeContext<Object, Object> stores;
    private final Map<String, Processor<Object, Object, Object, Object>> processors = new HashMap<>();
    private final Map<String, List<Record<Object, Object>>> outputs = new HashMap<>();

    @SuppressWarnings("unchecked")
    PlanHarness(Pipeline pipeline, Path dir) {
        this.plan = (LogicalPlan) pipeline;
        this.stores = new FakeContext<>(dir);
        for (StoreSpec<?, ?> spec : plan.stores().values()) {
            if (spec.kind() == StoreSpec.Kind.WINDOW) {
                stores.addWindowStore(spec);
            } else {
                stores.addKeyValueStore(spec);
            }
        }
        for (PlanNode node : plan.nodes()) {
            if (node instanceof ProcessorNode p) {
                Processor<Object, Object, Object, Object> processor =
                        (Processor<Object, Object, Object, Object>) p.supplier().get();
                processor.init(new NodeContext(p));
                processors.put(p.name(), processor);
            }
        }
    }

    /** Processes a record read from {@code topic}, advancing stream time first. */
    void pipe(String topic, Object key, Object value, long timestamp) {
        SourceNode source = plan.sources().stream().filter(s -> s.topics().contains(topic)).findFirst().orElseThrow();
        stores.process(new Processor<Object, Object, Object, Object>() {
            @Override
            public void process(Record<Object, Object> record) {
                deliver(source.name(), record);
            }
        }, new Record<>(key, value, timestamp));
    }

    /** What was written to {@code topic} so far. */
    List<Record<Object, Object>> output(String topic) {
        return outputs.getOrDefault(topic, List.of());
    }

    private void deliver(String from, Record<Object, Object> record) {
        for (String child : plan.childrenOf(from)) {
            PlanNode node = plan.node(child);
            if (node instanceof SinkNode sink) {
                outputs.computeIfAbsent(sink.fixedTopic().orElseThrow(), t -> new ArrayList<>()).add(record);
            } else {
                processors.get(child).process(record);
            }
        }
    }

    /** A context that sees only the stores its node lists, and forwards to the node's children. */
    private final class NodeContext extends ForwardingContext {
        private final ProcessorNode node;

        NodeContext(ProcessorNode node) {
            super(stores);
            this.node = node;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <S extends dev.eos.store.StateStore> S getStateStore(String name) {
            if (!node.storeNames().contains(name)) {
                throw new IllegalArgumentException(node.name() + " did not list store " + name);
            }
            return stores.getStateStore(name);
        }

        @Override
        @SuppressWarnings("unchecked")
        void deliver(Record<?, ?> record) {
            PlanHarness.this.deliver(node.name(), (Record<Object, Object>) record);
        }
    }
}
