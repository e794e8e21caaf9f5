package dev.eos.internal.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs the records of one poll through their tasks, partition by partition, and keeps
 * {@link PartitionProgress} exact while doing so.
 *
 * <p>Rules:
 * <ol>
 *   <li>Before anything else, every partition of the poll gets its cursor at its first record,
 *       so that whatever cuts the batch short (a stop request, a failure, an abort) the commit
 *       and the rewind know which records were not processed.</li>
 *   <li>A record of a partition without a running task is an error, never a skip: the thread
 *       aborts and rejoins the group (a skipped record's offset could be committed).</li>
 *   <li>A record whose processing failed aborts the transaction and rewinds; the rest of the
 *       batch is dropped and read again.</li>
 *   <li>After each record the thread may commit ({@code afterRecord}); a stop request ends the
 *       batch before the next record.</li>
 * </ol>
 */
final class BatchProcessor {

    /** How a batch ended. */
    enum Outcome {
        /** Every record was processed. */
        DONE,
        /** A stop was requested; the records after the last processed one were not. */
        STOPPED,
        /** A record failed; the thread aborted and rewound, the rest of the batch is dropped. */
        REWOUND
    }

    /** What the thread does after each record and when one fails. */
    interface Hooks {
        /** After a processed record: commit if due. */
        void afterRecord();

        /** A record's processing failed and the handler chose to go on: abort and rewind. */
        void abortAndRewind();
    }

    private final String threadName;
    private final TaskAssignment assignment;
    private final PartitionProgress progress;
    private final BadRecordHandler badRecords;
    private final RecordSender sender;
    private final Set<String> repartitionTopics;
    private final Hooks hooks;
    /** Records processed (or skipped, dead-lettered) since the thread opened, for the process-total metric. */
    private long processedRecords;

    BatchProcessor(String threadName, TaskAssignment assignment, PartitionProgress progress,
                   BadRecordHandler badRecords, RecordSender sender, Set<String> repartitionTopics, Hooks hooks) {
        this.threadName = threadName;
        this.assignment = assignment;
        this.progress = progress;
        this.badRecords = badRecords;
        this.sender = sender;
        this.repartitionTopics = repartitionTopics;
        this.hooks = hooks;
    }

    /** Records processed, skipped or dead-lettered so far (again after an abort); a plain count, no allocation. */
    long processedRecords() {
        return processedRecords;
    }

    /** Rule 1: every partition of the poll gets its cursor; call right after the poll returns. */
    void track(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            progress.cursor(tp, records.records(tp).get(0).offset());
        }
    }

    Outcome process(ConsumerRecords<byte[], byte[]> records, BooleanSupplier stopRequested) {
        for (TopicPartition tp : repartitionFirst(records.partitions())) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
            Task task = assignment.runningTask(tp);
            if (task == null) {
                throw TaskCreationFailure.transientFailure(threadName + ": " + batch.size() + " record(s) of " + tp
                        + " (from offset " + batch.get(0).offset() + ") arrived, but the partition has no running "
                        + "task; nothing of it is processed or committed, the thread rejoins the group", null);
            }
            PartitionProgress.Cursor cursor = progress.cursor(tp, batch.get(0).offset());
            for (ConsumerRecord<byte[], byte[]> record : batch) {
                if (stopRequested.getAsBoolean()) {
                    return Outcome.STOPPED;
                }
                if (!processOne(task, cursor, record)) {
                    return Outcome.REWOUND;
                }
                hooks.afterRecord();
            }
        }
        return Outcome.DONE;
    }

    /** @return false if the thread aborted and rewound */
    private boolean processOne(Task task, PartitionProgress.Cursor cursor, ConsumerRecord<byte[], byte[]> record) {
        if (badRecords.decideOnReplay(record, sender)) {
            progress.processed(cursor, record.offset());
            processedRecords++;
            return true;
        }
        try {
            task.process(record);
        } catch (DeserializationFailure failure) {
            badRecords.onDeserializationFailure(record, failure, sender);
        } catch (ProcessingFailure failure) {
            badRecords.onProcessingFailure(record, failure);
            hooks.abortAndRewind();
            return false;
        }
        progress.processed(cursor, record.offset());
        processedRecords++;
        return true;
    }

    /**
     * Records of repartition topics first: they are input that already went through part of the
     * pipeline, and finishing them before more new input keeps the hop's latency and the
     * repartition topic's size down when the input has a backlog.
     */
    private List<TopicPartition> repartitionFirst(Set<TopicPartition> partitions) {
        List<TopicPartition> ordered = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            if (repartitionTopics.contains(tp.topic())) {
                ordered.add(tp);
            }
        }
        if (ordered.isEmpty()) {
            return new ArrayList<>(partitions);
        }
        for (TopicPartition tp : partitions) {
            if (!repartitionTopics.contains(tp.topic())) {
                ordered.add(tp);
            }
        }
        return ordered;
    }
}
