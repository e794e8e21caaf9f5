package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * The log of one partition: an append-only list of {@link LoggedRecord}s, offsets from 0.
 *
 * <p>Invariants:
 * <ul>
 *   <li>Records below the log start offset are deleted: reads skip to it (as a consumer with
 *       {@code auto.offset.reset=earliest} would). The log start moves only forward, with
 *       {@code Admin.deleteRecords} ({@link #deleteBefore}).</li>
 *   <li>The high watermark is the log end offset: every append is fully replicated at once.</li>
 *   <li>The last stable offset (LSO) is the first offset of a record whose transaction is still
 *       {@link TransactionState#OPEN}, or the high watermark if there is none. Everything below
 *       it is decided: committed or aborted.</li>
 *   <li>A producer has at most one open transaction here. Its records stay open until the
 *       transaction's marker for this partition lands ({@link #endTransaction}), which may be
 *       well after the coordinator decided the outcome: then all of them take the outcome at
 *       once and one control marker is appended, at the end of the log as it is then.</li>
 * </ul>
 */
final class PartitionLog {

    private final TopicPartition partition;
    private final List<LoggedRecord> entries = new ArrayList<>();
    /** producer id to the first offset of its open transaction in this partition. */
    private final Map<Long, Long> openSince = new HashMap<>();
    /** Records below it were deleted ({@code deleteRecords}); reads start at it at the earliest. */
    private long logStartOffset;

    PartitionLog(TopicPartition partition) {
        this.partition = partition;
    }

    TopicPartition partition() {
        return partition;
    }

    long highWatermark() {
        return entries.size();
    }

    long logStartOffset() {
        return logStartOffset;
    }

    /**
     * Deletes the records below {@code offset} (never beyond the high watermark, never backwards),
     * as {@code Admin.deleteRecords} does; returns the new log start offset.
     */
    long deleteBefore(long offset) {
        logStartOffset = Math.max(logStartOffset, Math.min(offset, highWatermark()));
        return logStartOffset;
    }

    long lastStableOffset() {
        return openSince.values().stream().mapToLong(Long::longValue).min().orElse(highWatermark());
    }

    /** Appends a record outside any transaction: committed at once. */
    long appendCommitted(byte[] key, byte[] value, List<Header> headers, long timestamp) {
        long offset = highWatermark();
        entries.add(LoggedRecord.data(offset, LoggedRecord.NO_PRODUCER_ID, key, value, headers, timestamp,
                TransactionState.COMMITTED));
        return offset;
    }

    /** Appends a record to the open transaction of {@code producerId}. */
    long appendTransactional(long producerId, byte[] key, byte[] value, List<Header> headers, long timestamp) {
        long offset = highWatermark();
        entries.add(LoggedRecord.data(offset, producerId, key, value, headers, timestamp, TransactionState.OPEN));
        openSince.putIfAbsent(producerId, offset);
        return offset;
    }

    /**
     * Ends the open transaction of {@code producerId} in this partition, if it wrote here:
     * its open records take the outcome and a marker is appended.
     */
    void endTransaction(long producerId, TransactionState outcome) {
        if (outcome == TransactionState.OPEN) {
            throw new IllegalArgumentException("A transaction ends committed or aborted, not " + outcome);
        }
        Long first = openSince.remove(producerId);
        if (first == null) {
            return;
        }
        for (int i = first.intValue(); i < entries.size(); i++) {
            LoggedRecord r = entries.get(i);
            if (r.producerId() == producerId && r.state() == TransactionState.OPEN) {
                entries.set(i, r.withState(outcome));
            }
        }
        entries.add(LoggedRecord.marker(highWatermark(), producerId, outcome));
    }

    /**
     * Reads up to {@code maxRecords} data records from {@code fromOffset}. read_committed sees
     * only committed records below the LSO; read_uncommitted sees every data record below the
     * high watermark, aborted ones included (as Kafka does). Markers are never returned.
     */
    Fetch read(long fromOffset, int maxRecords, IsolationLevel isolation) {
        if (fromOffset < 0 || fromOffset > highWatermark()) {
            throw new IllegalArgumentException("Offset " + fromOffset + " is out of range for " + partition
                    + " (log end " + highWatermark() + ")");
        }
        boolean committedOnly = isolation == IsolationLevel.READ_COMMITTED;
        long end = committedOnly ? lastStableOffset() : highWatermark();
        List<LoggedRecord> visible = new ArrayList<>();
        long next = Math.max(fromOffset, logStartOffset);
        while (next < end && visible.size() < maxRecords) {
            LoggedRecord r = entries.get((int) next);
            next++;
            if (r.control() || (committedOnly && r.state() != TransactionState.COMMITTED)) {
                continue;
            }
            visible.add(r);
        }
        return new Fetch(List.copyOf(visible), next);
    }

    /** Every entry, markers included, for inspection in tests and diagnostics. */
    List<LoggedRecord> entries() {
        return List.copyOf(entries);
    }
}
