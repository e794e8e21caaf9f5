package dev.eos.internal.runtime;

import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.PlanNode;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.plan.SinkNode;
import dev.eos.internal.plan.SourceNode;
import dev.eos.internal.state.TaskStores;
import dev.eos.processor.Processor;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition number of one sub-topology ({@link TaskId}): its own instance of every processor of
 * the sub-topology, fed the records of that partition of every topic the sub-topology reads,
 * and its shard of every store. A task is owned by exactly one thread.
 */
final class Task {
    private static final Logger log = LoggerFactory.getLogger(Task.class);

    private final TaskId id;
    private final int partition;
    private final TaskContext context;
    private final Map<String, Source> sourcesByTopic = new HashMap<>();
    private final List<NodeRunner> runners = new ArrayList<>();

    private record Source(Deserializer<Object> keys, Deserializer<Object> values, NodeRunner node) {
    }

    /** Opens the task's stores; the argument gives the timestamp of the record being processed. */
    interface StoreOpener {
        TaskStores open(LongSupplier currentTimestamp);
    }

    private long currentTimestamp;
    private long punctuations;

    @SuppressWarnings("unchecked")
    Task(TaskId id, LogicalPlan plan, String applicationId, RecordSender sender, ExternalSinks externalSinks,
         StoreOpener stores) {
        this.id = id;
        this.partition = id.partition();
        this.context = new TaskContext(applicationId, partition, stores.open(() -> currentTimestamp));
        try {
            build(plan, plan.subtopologies().get(id.subtopology()).nodeNames(), sender, externalSinks);
        } catch (RuntimeException e) {
            context.stores().close();
            throw e;
        }
    }

    @SuppressWarnings("unchecked")
    private void build(LogicalPlan plan, List<String> nodeNames, RecordSender sender, ExternalSinks externalSinks) {
        Map<String, NodeRunner> byName = new LinkedHashMap<>();
        for (String nodeName : nodeNames) {
            PlanNode node = plan.node(nodeName);
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
            } else if (node instanceof dev.eos.internal.plan.ExternalSinkNode) {
                processor = new ExternalSinkWriter(node.name(), externalSinks);
            } else {
                processor = new SinkWriter((SinkNode) node, sender);
            }
            List<String> storeNames = node instanceof ProcessorNode p ? p.storeNames() : List.of();
            boolean timedByProcessor = node instanceof ProcessorNode p && p.storeTimeFromProcessor();
            NodeRunner runner = new NodeRunner(node.name(), processor, context, storeNames, timedByProcessor);
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

    TaskId id() {
        return id;
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
            throw new IllegalStateException("Task " + id + " has no source for topic " + record.topic());
        }
        Object key;
        Object value;
        try {
            key = source.keys().deserialize(record.topic(), record.headers(), record.key());
        } catch (RetriableException e) {
            throw new DependencyUnavailable("The key deserializer of " + position(record), e);
        } catch (RuntimeException e) {
            throw new DeserializationFailure("key", e);
        }
        try {
            value = source.values().deserialize(record.topic(), record.headers(), record.value());
        } catch (RetriableException e) {
            throw new DependencyUnavailable("The value deserializer of " + position(record), e);
        } catch (RuntimeException e) {
            throw new DeserializationFailure("value", e);
        }
        long timestamp = Math.max(0, record.timestamp());
        context.setCurrentRecord(new RecordMetadata(record.topic(), record.partition(), record.offset()));
        currentTimestamp = timestamp;
        long before = context.streamTime();
        long streamTime = context.observe(timestamp);
        try {
            // every record, not only when stream time moved: after an abort or a restore a store's
            // own time may lag the task's, and it must not serve windows the task has expired
            context.stores().advanceTime(streamTime);
            source.node().process(new Record<>(key, value, timestamp, record.headers()));
            context.punctuations().fire(PunctuationType.STREAM_TIME, streamTime, before, this::punctuate);
        } finally {
            context.setCurrentRecord(null);
        }
    }

    private static String position(ConsumerRecord<byte[], byte[]> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** Fires the wall-clock punctuations that are due at {@code now}. */
    void punctuateWallClock(long now) {
        if (!context.punctuations().isEmpty()) {
            currentTimestamp = now;
            context.punctuations().fire(PunctuationType.WALL_CLOCK_TIME, now, now, this::punctuate);
        }
    }

    private void punctuate(String node, Punctuator punctuator, long timestamp) {
        punctuations++;
        try {
            punctuator.punctuate(timestamp);
        } catch (ProcessingFailure | SendFailure | DependencyUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProcessingFailure(node + " (punctuator)", e);
        }
    }

    /** The punctuations fired since the last call. */
    long takePunctuations() {
        long n = punctuations;
        punctuations = 0;
        return n;
    }

    TaskStores stores() {
        return context.stores();
    }

    long streamTime() {
        return context.streamTime();
    }

    /** Stream time and processor clocks as committed before (from the consumer's committed offset metadata). */
    void startTimesAt(CommittedTimes committed) {
        context.startFrom(committed.streamTime());
        context.clocks().startFrom(committed.processorTimes());
    }

    /** What to commit with this task's offsets: its stream time and processor clocks. */
    String committedTimesMetadata() {
        return CommittedTimes.encode(context.streamTime(), context.clocks().observed());
    }

    /** Kafka committed the transaction: stores make their writes durable; stream time is committed. */
    void onCommitted() {
        context.stores().commitAfterKafka();
        context.onCommitted();
    }

    /**
     * The transaction aborted: store writes, stream time, processor clocks and punctuation due
     * times roll back. A window store rolls back to the time of its own last local commit, which
     * may be older than the task's committed time (a transaction that wrote nothing to it does
     * not commit it locally), so every store is moved back up to the committed time it follows.
     */
    void onAborted() {
        context.stores().rollback();
        context.onAborted();
        if (context.streamTime() >= 0) {
            context.stores().advanceTime(context.streamTime());
        }
        for (NodeRunner runner : runners) {
            runner.realignStoreTime();
        }
    }

    /** True if a processor clock moved since the last commit: the task's offsets must carry it. */
    boolean timesChangedSinceCommit() {
        return context.clocks().changedSinceCommit();
    }

    /** Closes every processor, then the stores (discarding pending writes); failures are logged. */
    void close() {
        try {
            closeProcessors();
        } finally {
            context.stores().close();
        }
    }

    private void closeProcessors() {
        for (NodeRunner runner : runners) {
            try {
                runner.close();
            } catch (RuntimeException e) {
                log.warn("Closing processor {} of task {} failed", runner.name(), id, e);
            }
        }
    }
}
