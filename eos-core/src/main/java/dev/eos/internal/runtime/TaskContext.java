package dev.eos.internal.runtime;

import dev.eos.processor.RecordMetadata;

/** What every node of a task shares: its identity and the input record being processed. */
final class TaskContext {
    private final String applicationId;
    private final int partition;
    private RecordMetadata currentRecord;

    TaskContext(String applicationId, int partition) {
        this.applicationId = applicationId;
        this.partition = partition;
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
}
