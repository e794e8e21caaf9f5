package dev.eos.internal.runtime;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How one processing thread's output and consumed offsets become durable together: in one Kafka
 * transaction ({@link TransactionalProducer}, exactly-once) or output acknowledged first and
 * offsets committed after ({@link AcknowledgedProducer}, at-least-once). The guarantee picks the
 * implementation when the thread creates its producer; the loop never asks which it has.
 */
interface OutputProducer extends RecordSender {

    /** Prepares the producer (registers the transactional id, if any). */
    void initialize();

    /** Whether output was sent (or offsets are due) since the last commit or abort. */
    boolean hasUncommittedOutput();

    /**
     * Makes everything sent so far durable together with {@code offsets}, so that a crash after
     * this returns never loses it, and (under exactly-once) a crash before never shows it.
     */
    void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata);

    /**
     * Gives up what was sent since the last commit, where possible: a transaction is aborted;
     * acknowledged records stay (at-least-once: the input is processed again).
     *
     * @return whether something was aborted
     */
    boolean abortIfInFlight();

    void close(Duration timeout);
}
