package dev.eos.internal.runtime;

import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.PlanNode;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.SinkNode;
import dev.eos.internal.plan.SourceNode;
import dev.eos.processor.Processor;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition number of the pipeline: its own instance of every processor, fed the records of
 * that partition of every source topic. A task is owned by exactly one thread.
 */
final class Task {
    private static final Logger log = LoggerFactory.getLogger(Task.class);

    private final int partition;
    private final TaskContext context;
    private final Map<String, Source> sourcesByTopic = new HashMap<>();
    private final List<NodeRunner> runners = new ArrayList<>();

    private record Source(Deserializer<Object> keys, Deserializer<Object> values, NodeRunner node) {
    }

    @SuppressWarnings("unchecked")
    Task(int partition, LogicalPlan plan, String applicationId, RecordSender sender) {
        this.partition = partition;
        this.context = new TaskContext(applicationId, partition);
        Map<String, NodeRunner> byName = new LinkedHashMap<>();
        for (PlanNode node : plan.nodes()) {
            Processor<Object, Object, Object, Object> processor;
            if (node instanceof SourceNode) {
                processor = new Processor<>() {
                    private NodeRunner self;

                    @Override
                    public void init(dev.eos.processor.ProcessorContext<Object, Object> ctx) {
                        self = (NodeRunner) ctx;
                    }

                    @Override
                    public void process(Record<Object, Object> record) {
                        self.forward(record);
                    }
                };
            } else if (node instanceof ProcessorNode p) {
                processor = (Processor<Object, Object, Object, Object>) p.supplier().get();
                if (processor == null) {
                    throw new IllegalStateException("The ProcessorSupplier of node " + p.name() + " returned null");
                }
            } else {
                processor = new SinkWriter((SinkNode) node, sender);
            }
            NodeRunner runner = new NodeRunner(node.name(), processor, context);
            byName.put(node.name(), runner);
            runners.add(runner);
            if (node instanceof SourceNode s) {
                Deserializer<Object> keys = (Deserializer<Object>) s.keySerde().deserializer();
                Deserializer<Object> values = (Deserializer<Object>) s.valueSerde().deserializer();
                for (String topic : s.topics()) {
                    sourcesByTopic.put(topic, new Source(keys, values, runner));
                }
            }
        }
        for (NodeRunner runner : runners) {
            for (String child : plan.childrenOf(runner.name())) {
                runner.addChild(byName.get(child));
            }
        }
        for (NodeRunner runner : runners) {
            runner.init();
        }
    }

    int partition() {
        return partition;
    }

    /**
     * Deserializes and processes one record.
     *
     * @throws DeserializationFailure if the source serde cannot read it (nothing was output)
     * @throws ProcessingFailure if user code failed (some output may have been sent)
     */
    void process(ConsumerRecord<byte[], byte[]> record) {
        Source source = sourcesByTopic.get(record.topic());
        if (source == null) {
            throw new IllegalStateException("Task " + partition + " has no source for topic " + record.topic());
        }
        Object key;
        Object value;
        try {
            key = source.keys().deserialize(record.topic(), record.headers(), record.key());
        } catch (RuntimeException e) {
            throw new DeserializationFailure("key", e);
        }
        try {
            value = source.values().deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            throw new DeserializationFailure("value", e);
        }
        context.setCurrentRecord(new RecordMetadata(record.topic(), record.partition(), record.offset()));
        try {
            source.node().process(new Record<>(key, value, Math.max(0, record.timestamp()), record.headers()));
        } finally {
            context.setCurrentRecord(null);
        }
    }

    /** Closes every processor; failures are logged, not thrown, so every processor gets closed. */
    void close() {
        for (NodeRunner runner : runners) {
            try {
                runner.close();
            } catch (RuntimeException e) {
                log.warn("Closing processor {} of task {} failed", runner.name(), partition, e);
            }
        }
    }
}
