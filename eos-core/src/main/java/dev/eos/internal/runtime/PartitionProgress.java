package dev.eos.internal.runtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Where one thread stands in each partition it reads: the offset of the next record it has not
 * processed yet, and the offset its last commit recorded. These, never the consumer's
 * {@code position()}, are what a commit carries and where an abort rewinds to: the consumer's
 * position runs ahead of processing by a whole fetched batch, and a batch is not always processed
 * to its end (a stop request, an abort, a rebalance in the middle of it).
 *
 * <p>Invariant: for every partition with a {@link Cursor}, {@code committed <= next}, and
 * {@code next} is never beyond the first record of the partition this thread has not processed.
 * A partition gets its cursor when a poll first returns records of it after its assignment (its
 * first record's offset is then both values: everything before it was committed before, or is
 * a marker or an aborted record) or when an external sink says where it continues; the cursor is
 * dropped when the partition is revoked or lost.
 *
 * <p>A partition without a cursor has returned no record since its assignment: nothing of it was
 * fetched that was not processed.
 */
final class PartitionProgress {

    /** One partition's progress; the loop keeps the reference for a batch instead of looking it up per record. */
    static final class Cursor {
        private final TopicPartition partition;
        private long next;
        private long committed;
        private boolean uncommitted;

        private Cursor(TopicPartition partition, long offset) {
            this.partition = partition;
            this.next = offset;
            this.committed = offset;
        }

        /** The offset of the next record not processed yet. */
        long next() {
            return next;
        }
    }

    private final Map<TopicPartition, Cursor> cursors = new HashMap<>();
    private final List<Cursor> uncommitted = new ArrayList<>();
    private int recordsSinceCommit;

    /**
     * The cursor of {@code partition}, created at {@code firstFetchedOffset} (the offset of the
     * first record a poll returned for it) if the partition has none yet.
     */
    Cursor cursor(TopicPartition partition, long firstFetchedOffset) {
        Cursor c = cursors.get(partition);
        if (c == null) {
            c = new Cursor(partition, firstFetchedOffset);
            cursors.put(partition, c);
        }
        return c;
    }

    /** The record at {@code offset} of the cursor's partition was processed. */
    void processed(Cursor cursor, long offset) {
        cursor.next = offset + 1;
        markUncommitted(cursor);
        recordsSinceCommit++;
    }

    /**
     * The partition continues at {@code offset} (an external sink holds everything before it):
     * the consumer was sought there, and the next commit records it in Kafka too, even if no
     * record follows.
     */
    void continueAt(TopicPartition partition, long offset) {
        Cursor c = cursors.get(partition);
        if (c == null) {
            c = new Cursor(partition, offset);
            cursors.put(partition, c);
        }
        c.next = offset;
        c.committed = offset;
        markUncommitted(c);
    }

    private void markUncommitted(Cursor cursor) {
        if (!cursor.uncommitted) {
            cursor.uncommitted = true;
            uncommitted.add(cursor);
        }
    }

    /** Whether records were processed (or a partition moved) since the last commit. */
    boolean hasUncommitted() {
        return !uncommitted.isEmpty();
    }

    int recordsSinceCommit() {
        return recordsSinceCommit;
    }

    /** The next offset of {@code partition}, or -1 if it has no cursor (nothing fetched since its assignment). */
    long nextUnprocessed(TopicPartition partition) {
        Cursor c = cursors.get(partition);
        return c == null ? -1 : c.next;
    }

    /** The offsets the next commit carries: the next unprocessed offset of every partition that moved. */
    Map<TopicPartition, OffsetAndMetadata> toCommit(Function<TopicPartition, String> metadata) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>(uncommitted.size() * 2);
        for (Cursor c : uncommitted) {
            out.put(c.partition, new OffsetAndMetadata(c.next, metadata.apply(c.partition)));
        }
        return out;
    }

    /** A transaction carrying {@code offsets} committed: they are now the committed positions. */
    void onCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((tp, offset) -> {
            Cursor c = cursors.get(tp);
            if (c != null) {
                c.committed = offset.offset();
            }
        });
        clearUncommitted();
    }

    /**
     * The open transaction was aborted: every cursor goes back to its committed offset.
     *
     * @return for each partition with a cursor, the offset to seek the consumer to
     */
    Map<TopicPartition, Long> rewind() {
        Map<TopicPartition, Long> seeks = new HashMap<>();
        for (Cursor c : cursors.values()) {
            c.next = c.committed;
            seeks.put(c.partition, c.committed);
        }
        clearUncommitted();
        return seeks;
    }

    /** The partitions were revoked or lost: their progress is forgotten. */
    void forget(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            Cursor c = cursors.remove(tp);
            if (c != null && c.uncommitted) {
                c.uncommitted = false;
                uncommitted.remove(c);
            }
        }
        if (uncommitted.isEmpty()) {
            recordsSinceCommit = 0;
        }
    }

    /** Nothing since the last commit counts any more (the thread was fenced or is closing dirty). */
    void clearUncommitted() {
        for (Cursor c : uncommitted) {
            c.uncommitted = false;
        }
        uncommitted.clear();
        recordsSinceCommit = 0;
    }
}
