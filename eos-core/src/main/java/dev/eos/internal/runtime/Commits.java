package dev.eos.internal.runtime;

import dev.eos.internal.metrics.ThreadMetrics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * One thread's commit and abort: what a commit carries, who hears of it, and how an abort rolls
 * everything back (DESIGN steps 2 to 4).
 *
 * <p>A commit, in order:
 * <ol>
 *   <li>Refuse if the consumer left the group (its metadata has no generation): the broker would
 *       accept a transactional offset commit without a generation, so a zombie could commit.</li>
 *   <li>The offsets: the next unprocessed offset of every partition processed since the last
 *       commit ({@link PartitionProgress}), each with its task's stream time. A transaction
 *       holding only punctuator output still carries offsets, those of the partitions being
 *       read, so that the group coordinator checks this member's generation: the next unprocessed
 *       offset where the thread has fetched records since the partition's assignment, else the
 *       consumer's position (nothing of such a partition was fetched, so the position is where
 *       its processing starts). Never the position of a partition with fetched records: it runs
 *       ahead of processing by a batch.</li>
 *   <li>External sinks write their batches with those offsets.</li>
 *   <li>The producer commits output and offsets together.</li>
 *   <li>The stores make their writes durable; the listener hears of the commit.</li>
 * </ol>
 * An abort: the producer aborts, stores and stream time roll back, sink batches are dropped, and
 * the consumer is sought back to the committed offsets as {@link PartitionProgress} knows them,
 * with no request to the brokers (so it cannot time out).
 */
final class Commits {

    /** What the thread does once a commit or an abort happened. */
    interface Listener {
        /**
         * @param records          input records the transaction carried
         * @param storeBytes       bytes of store writes the commit made durable
         * @param commitNanos      how long the commit took, from its first step to its last
         */
        void committed(Map<TopicPartition, OffsetAndMetadata> offsets, int records, long storeBytes, long commitNanos);

        void aborted(boolean transactionAborted, ThreadMetrics.AbortCause cause);
    }

    private final String threadName;
    private final Consumer<byte[], byte[]> consumer;
    private final ThreadProducer producer;
    private final PartitionProgress progress;
    private final TaskLifecycle lifecycle;
    private final ExternalSinks externalSinks;
    private final Listener listener;

    Commits(String threadName, Consumer<byte[], byte[]> consumer, ThreadProducer producer, PartitionProgress progress,
            TaskLifecycle lifecycle, ExternalSinks externalSinks, Listener listener) {
        this.threadName = threadName;
        this.consumer = consumer;
        this.producer = producer;
        this.progress = progress;
        this.lifecycle = lifecycle;
        this.externalSinks = externalSinks;
        this.listener = listener;
    }

    /** Consumed input, or output of a punctuator that consumed nothing, waits for a commit. */
    boolean hasWorkToCommit() {
        return progress.hasUncommitted() || producer.hasUncommittedOutput();
    }

    void commit() {
        long startNanos = System.nanoTime();
        int records = progress.recordsSinceCommit();
        // Step 1
        ConsumerGroupMetadata group = consumer.groupMetadata();
        if (group.generationId() < 0 || group.memberId().isEmpty()) {
            throw new GroupMembershipLostException(threadName + ": the consumer left group " + group.groupId()
                    + " (generation " + group.generationId() + "), e.g. after exceeding max.poll.interval.ms; "
                    + "its uncommitted work must not be committed");
        }
        // Step 2
        Map<TopicPartition, OffsetAndMetadata> offsets = offsetsToCommit();
        // Step 3
        externalSinks.flush(offsets);
        // Step 4
        long storeBytes = lifecycle.pendingStoreBytes();
        producer.current().commit(offsets, group);
        // Step 5
        lifecycle.onCommitted();
        progress.onCommitted(offsets);
        listener.committed(offsets, records, storeBytes, System.nanoTime() - startNanos);
    }

    private Map<TopicPartition, OffsetAndMetadata> offsetsToCommit() {
        if (progress.hasUncommitted()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = progress.toCommit(lifecycle::streamTimeMetadata);
            for (TopicPartition tp : lifecycle.partitionsWithNewTimes()) {
                if (!offsets.containsKey(tp)) {
                    offsets.put(tp, unmovedOffset(tp));
                }
            }
            return offsets;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : lifecycle.runningPartitions()) {
            offsets.put(tp, unmovedOffset(tp));
        }
        return offsets;
    }

    /** The offset of a partition without new input since the last commit, with its task's times. */
    private OffsetAndMetadata unmovedOffset(TopicPartition tp) {
        long next = progress.nextUnprocessed(tp);
        if (next < 0) {
            next = consumer.position(tp);
        }
        return new OffsetAndMetadata(next, lifecycle.streamTimeMetadata(tp));
    }

    /**
     * Aborts the open transaction and rolls everything back to the last commit. Throws what the
     * producer throws on abort (the caller classifies it); the consumer is rewound only after a
     * successful abort.
     */
    void abortAndRewind(ThreadMetrics.AbortCause cause) {
        boolean aborted = producer.current().abortIfInFlight();
        lifecycle.onAborted();
        externalSinks.discard();
        listener.aborted(aborted, cause);
        rewind();
    }

    /** Seeks every partition with fetched records back to its committed offset; forgets the progress since. */
    void rewind() {
        progress.rewind().forEach(consumer::seek);
    }
}
