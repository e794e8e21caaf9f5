package dev.eos.internal.runtime;

import dev.eos.internal.metrics.EosMetricsRegistry;
import dev.eos.internal.metrics.ThreadMetrics;
import dev.eos.spi.KafkaClientFactory;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * What one processing thread's loop records in its metrics ({@link ThreadMetrics}, the task lags
 * of {@link TaskLags}, its clients' metrics through {@link MetricsTrackingClients}), kept out of
 * {@link ProcessingThread} so that the loop reads as the protocol. Per turn and per commit, never
 * per record: the loop's per-record counts are plain fields of {@link BatchProcessor} and
 * {@link ThreadProducer}, collected here.
 */
final class LoopMetrics {
    private final ThreadMetrics metrics;
    private final TaskLags lags;
    private final EosMetricsRegistry registry;
    private MetricsTrackingClients clients;
    private long processedBefore;

    LoopMetrics(RuntimeCounters counters, String applicationId, String threadName) {
        this.registry = counters.registry();
        this.metrics = new ThreadMetrics(registry.metrics(), applicationId, threadName);
        this.lags = new TaskLags(metrics);
    }

    ThreadMetrics thread() {
        return metrics;
    }

    /** The client factory the thread's parts use: every client's metrics join the app's view. */
    KafkaClientFactory tracking(KafkaClientFactory factory) {
        clients = new MetricsTrackingClients(factory, registry);
        return clients;
    }

    void polled(ConsumerRecords<byte[], byte[]> records) {
        metrics.consumed(records.count());
    }

    /** After a batch: the processed count, and one end-to-end sample per partition of a batch processed to its end. */
    void afterBatch(ConsumerRecords<byte[], byte[]> records, BatchProcessor.Outcome outcome, ThreadComponents parts) {
        long processed = parts.batches.processedRecords();
        metrics.processed(processed - processedBefore);
        processedBefore = processed;
        // the open transaction holds these records unless a commit came right after the last one
        if (outcome == BatchProcessor.Outcome.DONE && !records.isEmpty() && parts.progress.hasUncommitted()) {
            for (TopicPartition tp : records.partitions()) {
                List<ConsumerRecord<byte[], byte[]>> batch = records.records(tp);
                metrics.sampleEndToEnd(batch.get(batch.size() - 1).timestamp());
            }
        }
    }

    /** At the end of a turn: task lags, at most once a second. */
    void afterTurn(ThreadComponents parts, long nowMs) {
        lags.update(parts.assignment, parts.consumer, nowMs);
    }

    void committed(ThreadComponents parts, int records, long storeBytes, long commitNanos, long nowMs) {
        metrics.committed(records, commitNanos, storeBytes, nowMs);
        metrics.produced(parts.producer.takeSent());
        long punctuations = 0;
        for (Task task : parts.assignment.tasks()) {
            punctuations += task.takePunctuations();
        }
        metrics.punctuated(punctuations);
    }

    void aborted(ThreadComponents parts, ThreadMetrics.AbortCause cause, boolean transactionAborted) {
        metrics.aborted(cause, transactionAborted);
        metrics.produced(parts.producer.takeSent());
    }

    /** The thread ended: its metrics and its clients' leave the app's view. */
    void close() {
        if (clients != null) {
            clients.forgetAll();
        }
        lags.close();
        metrics.close();
    }
}
