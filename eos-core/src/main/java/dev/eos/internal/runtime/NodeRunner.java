package dev.eos.internal.runtime;

import dev.eos.internal.plan.ProcessorClock;
import dev.eos.processor.Cancellable;
import dev.eos.processor.Processor;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import dev.eos.store.StateStore;
import java.time.Duration;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One processor instance of one task, with the context it forwards through. Exceptions from
 * user code are wrapped once, at the innermost node that threw, as {@link ProcessingFailure}
 * naming that node; client errors ({@link SendFailure}) pass through untouched, and so does a
 * refused {@link #schedule} ({@link PunctuationRefusedException}), which is a pipeline error
 * that no error handler may skip, and a serde waiting for a service it depends on
 * ({@link DependencyUnavailable}).
 */
final class NodeRunner implements ProcessorContext<Object, Object>, ProcessorClock {
    private final String name;
    private final Processor<Object, Object, Object, Object> processor;
    private final TaskContext task;
    private final Map<String, NodeRunner> children = new LinkedHashMap<>();
    private final List<NodeRunner> childList = new ArrayList<>();

    private final List<String> storeNames;
    /** The stores whose time follows this processor's clock; empty for most nodes. */
    private final List<String> timedStores;
    private ProcessorClocks.Clock clock;

    NodeRunner(String name, Processor<Object, Object, Object, Object> processor, TaskContext task,
               List<String> storeNames, boolean storeTimeFromProcessor) {
        this.name = name;
        this.storeNames = storeNames;
        this.timedStores = storeTimeFromProcessor ? storeNames : List.of();
        if (storeTimeFromProcessor) {
            // named by its store: stable across topology changes that renumber generated node names
            this.clock = task.clocks().clock(storeNames.isEmpty() ? name : storeNames.get(0));
            task.stores().timeFromProcessor(storeNames);
        }
        this.processor = processor;
        this.task = task;
        if (processor instanceof ExternalSinkWriter sink && sink.ownsOffsets()) {
            task.punctuations().refuseBecauseOf(name);
        }
    }

    String name() {
        return name;
    }

    void addChild(NodeRunner child) {
        children.put(child.name, child);
        childList.add(child);
    }

    void init() {
        try {
            processor.init(this);
        } catch (PunctuationRefusedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProcessingFailure(name, e);
        }
    }

    void process(Record<Object, Object> record) {
        try {
            processor.process(record);
        } catch (ProcessingFailure | SendFailure | PunctuationRefusedException | DependencyUnavailable e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ProcessingFailure(name, e);
        }
    }

    void close() {
        processor.close();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> void forward(Record<K, V> record) {
        for (int i = 0; i < childList.size(); i++) {
            childList.get(i).process((Record<Object, Object>) record);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> void forward(Record<K, V> record, String childName) {
        NodeRunner child = children.get(childName);
        if (child == null) {
            throw new IllegalArgumentException("Node " + name + " has no child named '" + childName
                    + "'; its children are " + children.keySet());
        }
        child.process((Record<Object, Object>) record);
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.ofNullable(task.currentRecord());
    }

    @Override
    public String applicationId() {
        return task.applicationId();
    }

    @Override
    public int taskPartition() {
        return task.partition();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String storeName) {
        if (!storeNames.contains(storeName)) {
            throw new IllegalArgumentException("Processor " + name + " is not connected to state store '" + storeName
                    + "'; it is connected to " + storeNames + ". Fix: name the store in stream.process(supplier, \""
                    + storeName + "\")");
        }
        return (S) task.store(storeName);
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
        return task.punctuations().schedule(name, interval, type, punctuator);
    }

    @Override
    public long currentStreamTimeMs() {
        return task.streamTime();
    }

    /** This node's observed stream time; stores whose time follows this processor advance with it. */
    @Override
    public long observe(long timestamp) {
        if (clock == null) {
            clock = task.clocks().clock(name);
        }
        long observed = clock.observe(timestamp);
        if (!timedStores.isEmpty()) {
            task.stores().advanceTimeOfProcessor(timedStores, observed);
        }
        return observed;
    }

    /** After an abort rolled stores and clocks back: stores timed by this processor catch up with its clock. */
    void realignStoreTime() {
        if (clock != null && !timedStores.isEmpty() && clock.observed() >= 0) {
            task.stores().advanceTimeOfProcessor(timedStores, clock.observed());
        }
    }
}
