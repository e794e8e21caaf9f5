package dev.eos.internal.runtime;

import dev.eos.internal.state.TaskStores;
import dev.eos.processor.RecordMetadata;
import dev.eos.store.StateStore;

/**
 * What every node of a task shares: its identity, the input record being processed, its stream
 * time and its processors' clocks, its stores and its punctuation schedules.
 */
final class TaskContext {
    private final String applicationId;
    private final int partition;
    private final TaskStores stores;
    private final Punctuations punctuations = new Punctuations();
    private final ProcessorClocks clocks = new ProcessorClocks();
    private RecordMetadata currentRecord;
    private long streamTime = -1;
    private long committedStreamTime = -1;

    TaskContext(String applicationId, int partition, TaskStores stores) {
        this.applicationId = applicationId;
        this.partition = partition;
        this.stores = stores;
    }

    String applicationId() {
        return applicationId;
    }

    int partition() {
        return partition;
    }

    RecordMetadata currentRecord() {
        return currentRecord;
    }

    void setCurrentRecord(RecordMetadata metadata) {
        this.currentRecord = metadata;
    }

    StateStore store(String name) {
        return stores.typed(name);
    }

    TaskStores stores() {
        return stores;
    }

    Punctuations punctuations() {
        return punctuations;
    }

    ProcessorClocks clocks() {
        return clocks;
    }

    long streamTime() {
        return streamTime;
    }

    /** Moves stream time forward to {@code timestamp} if it is later; returns the stream time. */
    long observe(long timestamp) {
        if (timestamp > streamTime) {
            streamTime = timestamp;
        }
        return streamTime;
    }

    /** Stream time as it was when the last transaction committed (or as restored from the offsets). */
    void startFrom(long committed) {
        streamTime = Math.max(streamTime, committed);
        committedStreamTime = streamTime;
    }

    void onCommitted() {
        committedStreamTime = streamTime;
        clocks.onCommitted();
        punctuations.onCommitted();
    }

    void onAborted() {
        streamTime = committedStreamTime;
        clocks.onAborted();
        punctuations.onAborted();
    }
}
