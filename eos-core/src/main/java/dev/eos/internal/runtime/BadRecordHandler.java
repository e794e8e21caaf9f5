package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.errors.DeserializationErrorHandling;
import dev.eos.errors.ProcessingErrorHandling;
import dev.eos.errors.RecordProcessingException;
import dev.eos.internal.metrics.ThreadMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code deserialization.error.handler} and {@code processing.error.handler} to records
 * that failed, so that every input record is processed, dead-lettered, skipped (and counted), or
 * stops the app with its offset uncommitted.
 *
 * <p>A deserialization failure produced no output, so its decision applies at once, inside the
 * open transaction. A processing failure may have sent partial output: the thread aborts the
 * transaction and rewinds first, and the decision applies when the record comes round again
 * ({@link #decideOnReplay}), inside the next transaction.
 */
final class BadRecordHandler {
    private static final Logger log = LoggerFactory.getLogger(BadRecordHandler.class);

    private final String threadName;
    private final DeserializationErrorHandling deserialization;
    private final ProcessingErrorHandling processing;
    private final DeadLetterWriter deadLetters;
    private final Map<String, Throwable> failedBeforeRewind = new HashMap<>();
    private final List<String> decidedInTransaction = new ArrayList<>();
    private long skippedInTransaction;
    private long deadLetteredInTransaction;

    BadRecordHandler(String threadName, EosConfig config) {
        this.threadName = threadName;
        this.deserialization = config.deserializationErrorHandling();
        this.processing = config.processingErrorHandling();
        this.deadLetters = new DeadLetterWriter(config.deadLetterTopic());
    }

    /** Skips or dead-letters an undeserializable record, or throws to stop the app. */
    void onDeserializationFailure(ConsumerRecord<byte[], byte[]> record, DeserializationFailure failure,
                                  RecordSender sender) {
        if (deserialization == DeserializationErrorHandling.FAIL) {
            throw new RecordProcessingException("Could not deserialize a record", record.topic(), record.partition(),
                    record.offset(), "The app stops with this offset uncommitted. Fix: check that what is written "
                    + "to " + record.topic() + " matches the serdes the pipeline reads it with (Consumed.with(...)); "
                    + "to go on past such records set " + EosConfig.DESERIALIZATION_ERROR_HANDLER
                    + "=log_and_continue or dead_letter", failure.getCause());
        }
        if (deserialization == DeserializationErrorHandling.DEAD_LETTER) {
            deadLetters.write(sender, record, "deserialization", failure.getCause());
            deadLetteredInTransaction++;
        } else {
            log.warn("{}: skipping record {} that could not be deserialized ({}=log_and_continue)", threadName,
                    coordinates(record), EosConfig.DESERIALIZATION_ERROR_HANDLER, failure.getCause());
            skippedInTransaction++;
        }
    }

    /**
     * Remembers a record whose processing failed, so the decision applies after the rewind; or
     * throws to stop the app. The caller must abort and rewind.
     */
    void onProcessingFailure(ConsumerRecord<byte[], byte[]> record, ProcessingFailure failure) {
        if (processing == ProcessingErrorHandling.FAIL) {
            throw new RecordProcessingException("Processor " + failure.nodeName() + " failed", record.topic(),
                    record.partition(), record.offset(), "The app stops with this offset uncommitted. Fix: correct "
                    + "the processor or the record; to go on past such records set "
                    + EosConfig.PROCESSING_ERROR_HANDLER + "=skip or dead_letter",
                    failure.getCause());
        }
        log.warn("{}: processor {} failed on record {}; aborting the transaction, rewinding, then applying {}={}",
                threadName, failure.nodeName(), coordinates(record), EosConfig.PROCESSING_ERROR_HANDLER,
                processing.name().toLowerCase(Locale.ROOT), failure.getCause());
        failedBeforeRewind.put(coordinates(record), failure.getCause());
    }

    /**
     * If this record failed before the last rewind, applies the handler's decision now.
     *
     * @return whether the record was dealt with here (and must not be processed)
     */
    boolean decideOnReplay(ConsumerRecord<byte[], byte[]> record, RecordSender sender) {
        if (failedBeforeRewind.isEmpty()) {
            return false;
        }
        String at = coordinates(record);
        Throwable earlier = failedBeforeRewind.get(at);
        if (earlier == null) {
            return false;
        }
        // Kept until this transaction commits: if it aborts, the record comes round again and the
        // same decision applies without running user code on it a second time.
        decidedInTransaction.add(at);
        if (processing == ProcessingErrorHandling.DEAD_LETTER) {
            deadLetters.write(sender, record, "processing", earlier);
            deadLetteredInTransaction++;
        } else {
            skippedInTransaction++;
        }
        return true;
    }

    /** The transaction committed: moves this transaction's counts to the app's counters. */
    void onCommitted(RuntimeCounters counters, ThreadMetrics metrics) {
        decidedInTransaction.forEach(failedBeforeRewind::remove);
        decidedInTransaction.clear();
        counters.recordsSkipped.add(skippedInTransaction);
        counters.recordsDeadLettered.add(deadLetteredInTransaction);
        metrics.badRecords(skippedInTransaction, deadLetteredInTransaction);
        resetTransactionCounts();
    }

    /** The transaction was aborted: its skip and dead-letter decisions will be made again. */
    void onAborted() {
        decidedInTransaction.clear();
        resetTransactionCounts();
    }

    /** Partitions moved or the thread was fenced: decisions pending for them no longer apply. */
    void forgetPending() {
        failedBeforeRewind.clear();
        decidedInTransaction.clear();
        resetTransactionCounts();
    }

    private void resetTransactionCounts() {
        skippedInTransaction = 0;
        deadLetteredInTransaction = 0;
    }

    static String coordinates(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
