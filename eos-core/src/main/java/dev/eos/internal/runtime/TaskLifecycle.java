package dev.eos.internal.runtime;

import dev.eos.errors.EosException;
import dev.eos.internal.state.StoreRestorer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one thread does to all of its tasks at the boundaries of the commit protocol: prepare a
 * new task (stream time from the committed offsets' metadata, stores restored from their
 * changelogs) before it processes anything; after Kafka's commit, let the stores make their
 * writes durable (DESIGN step 3); after an abort, roll stores, stream time and punctuation
 * schedules back (step 4); fire wall-clock punctuations.
 *
 * <p>Stream time travels in the committed offsets' metadata as {@code st=<ms>}, so it is
 * committed atomically with the offsets and survives crashes and task moves.
 */
final class TaskLifecycle implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskLifecycle.class);
    private static final String STREAM_TIME_METADATA = "st=";

    private final String threadName;
    private final Consumer<byte[], byte[]> consumer;
    private final TaskAssignment assignment;
    private final StoreRestorer restorer;
    private final RuntimeCounters counters;
    private final ExternalSinks externalSinks;
    private final ConsumedOffsets offsets;

    /** @param restorer null for a stateless plan */
    TaskLifecycle(String threadName, Consumer<byte[], byte[]> consumer, TaskAssignment assignment,
                  StoreRestorer restorer, ExternalSinks externalSinks, ConsumedOffsets offsets,
                  RuntimeCounters counters) {
        this.externalSinks = externalSinks;
        this.offsets = offsets;
        this.threadName = threadName;
        this.consumer = consumer;
        this.assignment = assignment;
        this.restorer = restorer;
        this.counters = counters;
    }

    /** Before a new task processes anything: its stream time and stores as committed. */
    void prepare(Task task, Set<TopicPartition> partitions) {
        long streamTime = -1;
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : consumer.committed(partitions).entrySet()) {
            String metadata = e.getValue() == null ? null : e.getValue().metadata();
            if (metadata != null && metadata.startsWith(STREAM_TIME_METADATA)) {
                streamTime = Math.max(streamTime, Long.parseLong(metadata.substring(STREAM_TIME_METADATA.length())));
            }
        }
        task.startStreamTimeAt(streamTime);
        if (restorer != null) {
            long before = restorer.restoredRecords();
            restorer.restore(task.stores());
            counters.changelogRecordsRestored.add(restorer.restoredRecords() - before);
        }
        // An offset-owning external sink, not Kafka, knows where its partitions continue.
        externalSinks.onAssigned(partitions).forEach((tp, offset) -> {
            log.info("{}: {} continues at offset {} stored by its external sink", threadName, tp, offset);
            consumer.seek(tp, offset);
            offsets.continueAt(tp, offset);
        });
    }

    /**
     * The offsets the next commit carries: the consumed ones; or, for a transaction holding only
     * punctuator output, the owned partitions' current positions (equal to their committed
     * offsets), so that the group coordinator still checks this member's generation and a zombie
     * cannot commit. Each carries its task's stream time.
     */
    Map<TopicPartition, OffsetAndMetadata> offsetsToCommit(ConsumedOffsets offsets) {
        if (offsets.hasUncommitted()) {
            return offsets.toCommit(this::streamTimeOf);
        }
        Map<TopicPartition, OffsetAndMetadata> positions = new HashMap<>();
        for (TopicPartition tp : assignment.ownedPartitions()) {
            positions.put(tp, new OffsetAndMetadata(consumer.position(tp), streamTimeOf(tp)));
        }
        return positions;
    }

    private String streamTimeOf(TopicPartition tp) {
        Task task = assignment.task(tp);
        return task == null || task.streamTime() < 0 ? "" : STREAM_TIME_METADATA + task.streamTime();
    }

    /** DESIGN step 3: Kafka committed; every task's stores make their writes durable. */
    void onCommitted() {
        for (Task task : assignment.tasks()) {
            task.onCommitted();
        }
    }

    /** DESIGN step 4: the transaction aborted; stores, stream time and schedules roll back. */
    void onAborted() {
        for (Task task : assignment.tasks()) {
            task.onAborted();
        }
    }

    long pendingStoreBytes() {
        long sum = 0;
        for (Task task : assignment.tasks()) {
            sum += task.stores().pendingBytes();
        }
        return sum;
    }

    /** Fires the wall-clock punctuations due at {@code now}; a failing punctuator stops the thread. */
    void punctuateWallClock(long now) {
        for (Task task : assignment.tasks()) {
            try {
                task.punctuateWallClock(now);
            } catch (ProcessingFailure failure) {
                throw new EosException(threadName + ": a wall-clock punctuator of task " + task.id()
                        + " failed; stopping with the open transaction uncommitted", failure.getCause());
            }
        }
    }

    @Override
    public void close() {
        if (restorer != null) {
            try {
                restorer.close();
            } catch (RuntimeException e) {
                log.warn("{}: closing the restore consumer failed", threadName, e);
            }
        }
    }
}
