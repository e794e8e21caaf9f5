package dev.eos.testkit.driver.internal;

import java.util.List;
import java.util.Objects;
import org.apache.kafka.common.header.Header;

/**
 * One entry of a {@link PartitionLog}: a data record, or a control marker that ends a
 * transaction in that partition. Markers take an offset, as in Kafka, so offsets of data
 * records written by transactions are not contiguous; readers never see markers.
 *
 * @param offset      position in the partition, from 0
 * @param producerId  the writing producer's id, or {@link #NO_PRODUCER_ID} outside transactions
 * @param key         key bytes, may be null
 * @param value       value bytes, may be null (a tombstone)
 * @param headers     an immutable copy of the record's headers
 * @param timestamp   the record's timestamp in ms, as given by the writer
 * @param state       where the record's transaction stands
 * @param control     whether this is a commit or abort marker rather than data
 */
public record LoggedRecord(long offset, long producerId, byte[] key, byte[] value, List<Header> headers,
                           long timestamp, TransactionState state, boolean control) {

    /** The producer id of records written outside any transaction. */
    public static final long NO_PRODUCER_ID = -1L;

    public LoggedRecord {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(state, "state");
        headers = List.copyOf(headers);
    }

    static LoggedRecord data(long offset, long producerId, byte[] key, byte[] value, List<Header> headers,
                             long timestamp, TransactionState state) {
        return new LoggedRecord(offset, producerId, key, value, headers, timestamp, state, false);
    }

    /** A marker ending a transaction: its state is the transaction's outcome. */
    static LoggedRecord marker(long offset, long producerId, TransactionState outcome) {
        return new LoggedRecord(offset, producerId, null, null, List.of(), -1L, outcome, true);
    }

    LoggedRecord withState(TransactionState newState) {
        return new LoggedRecord(offset, producerId, key, value, headers, timestamp, newState, control);
    }
}
