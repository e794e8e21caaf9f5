package dev.eos.internal.dsl;

import dev.eos.processor.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the records a stateful operator drops: the first of each kind at WARN, every one at DEBUG
 * with a running count. The counts are for the log only and never change results.
 */
final class DroppedRecords {
    private static final Logger log = LoggerFactory.getLogger(DroppedRecords.class);

    private final String operator;
    private long nullKeys;
    private long nullValues;
    private long late;

    DroppedRecords(String operator) {
        this.operator = operator;
    }

    /** True if the record has a key; otherwise logs the drop. */
    boolean hasKey(Record<?, ?> record) {
        if (record.key() != null) {
            return true;
        }
        nullKeys++;
        if (nullKeys == 1) {
            log.warn("{} dropped a record with a null key (timestamp {}), as Kafka Streams does: it needs a key "
                    + "to find its state or table value. Later drops are logged at DEBUG.", operator,
                    record.timestamp());
        } else {
            log.debug("{} dropped a record with a null key (timestamp {}), {} so far", operator,
                    record.timestamp(), nullKeys);
        }
        return false;
    }

    /** True if the record has a key and a value; otherwise logs the drop. */
    boolean hasKeyAndValue(Record<?, ?> record) {
        return hasKey(record) && hasValue(record);
    }

    /** True if the record has a value; otherwise logs the drop. */
    boolean hasValue(Record<?, ?> record) {
        if (record.value() != null) {
            return true;
        }
        nullValues++;
        if (nullValues == 1) {
            log.warn("{} dropped a record with a null value (key {}, timestamp {}), as Kafka Streams does. "
                    + "Later drops are logged at DEBUG.", operator, record.key(), record.timestamp());
        } else {
            log.debug("{} dropped a record with a null value (key {}), {} so far", operator, record.key(), nullValues);
        }
        return false;
    }

    /** Logs a record dropped for the closed window {@code [start, end)}. */
    void lateForWindow(Record<?, ?> record, long start, long end, long streamTime, long graceMs) {
        late++;
        if (late == 1) {
            log.warn("{} dropped a late record for closed window [{}, {}) (key {}, timestamp {}, stream time {}, "
                    + "grace {} ms). Fix if this is unexpected: a larger grace in TimeWindows.ofSizeAndGrace. "
                    + "Later drops are logged at DEBUG.", operator, start, end, record.key(), record.timestamp(),
                    streamTime, graceMs);
        } else {
            log.debug("{} dropped a late record for closed window [{}, {}) (key {}, timestamp {}, stream time {}), "
                    + "{} late drops so far", operator, start, end, record.key(), record.timestamp(), streamTime, late);
        }
    }

    long lateCount() {
        return late;
    }
}
