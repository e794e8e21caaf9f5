package dev.eos.internal.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.RecordMetadata;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread's transactional producer and the state of its open transaction.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A transaction is begun lazily, by the first send or by a commit with offsets only.</li>
 *   <li>Offsets are committed only inside the transaction, with the consumer's group metadata
 *       (KIP-447), never with a bare group id, never through the consumer.</li>
 *   <li>A commit that times out is retried, never aborted (KAFKA-17754). If it keeps timing
 *       out, {@link CommitOutcomeUnknownException} tells the thread to close this producer.</li>
 *   <li>After any error the classifier calls fenced, this object is closed and never used
 *       again; only a new producer goes on.</li>
 * </ul>
 * Send errors reported in callbacks are not stored here: the broker-side transaction fails
 * and {@code commitTransaction()} reports it, which is where the thread handles it.
 */
final class TransactionalProducer implements OutputProducer {
    private static final Logger log = LoggerFactory.getLogger(TransactionalProducer.class);

    /** How long timeouts of {@code initTransactions()} are retried at least: Kafka's default {@code max.poll.interval.ms}. */
    static final Duration INIT_RETRY_BUDGET = Duration.ofMinutes(5);

    private final Producer<byte[], byte[]> producer;
    private final String transactionalId;
    private final Clock clock;
    private final Duration commitRetryBudget;
    private boolean inTransaction;
    private boolean closed;

    TransactionalProducer(Producer<byte[], byte[]> producer, String transactionalId, Clock clock,
                          Duration commitRetryBudget) {
        this.producer = producer;
        this.transactionalId = transactionalId;
        this.clock = clock;
        this.commitRetryBudget = commitRetryBudget;
    }

    /**
     * Registers the transactional id with the coordinator, fencing any older producer with the
     * same id and aborting (or completing) the transaction it left open. Timeouts are retried
     * for {@link #INIT_RETRY_BUDGET} at least (one call alone blocks up to {@code max.block.ms}):
     * a transaction coordinator that is away for a while (a broker restart, a coordinator
     * reloading its log) delays the thread, it does not stop it.
     */
    @Override
    public void initialize() {
        long deadline = clock.millis() + Math.max(commitRetryBudget.toMillis(), INIT_RETRY_BUDGET.toMillis());
        while (true) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                if (clock.millis() >= deadline) {
                    throw e;
                }
                log.warn("initTransactions for transactional.id={} timed out; retrying", transactionalId);
            }
        }
    }

    @Override
    public boolean hasUncommittedOutput() {
        return inTransaction;
    }

    private void maybeBegin() {
        if (closed) {
            throw new IllegalStateException("Producer " + transactionalId + " is closed");
        }
        if (!inTransaction) {
            producer.beginTransaction();
            inTransaction = true;
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        try {
            maybeBegin();
            return producer.send(record, (metadata, error) -> {
                if (error != null) {
                    log.debug("Send to {} failed in transactional.id={}; the commit will report it",
                            record.topic(), transactionalId, error);
                }
            });
        } catch (KafkaException e) {
            throw new SendFailure(e);
        }
    }

    @Override
    public int partitionCount(String topic) {
        try {
            List<PartitionInfo> partitions = producer.partitionsFor(topic);
            return partitions.size();
        } catch (KafkaException e) {
            throw new SendFailure(e);
        }
    }

    /**
     * Commits the open transaction together with the consumed offsets.
     * <ol>
     *   <li>Begin a transaction if none is open (a batch that produced no output still commits
     *       its offsets).</li>
     *   <li>{@code sendOffsetsToTransaction(offsets, groupMetadata)}: the group coordinator
     *       rejects it if this member's generation is stale (a zombie).</li>
     *   <li>{@code commitTransaction()}, retrying timeouts within the budget; never abort after a
     *       commit that timed out.</li>
     * </ol>
     */
    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        // Step 1
        maybeBegin();
        // Step 2
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, groupMetadata);
        }
        // Step 3
        long deadline = clock.millis() + commitRetryBudget.toMillis();
        while (true) {
            try {
                producer.commitTransaction();
                inTransaction = false;
                return;
            } catch (TimeoutException e) {
                if (clock.millis() >= deadline) {
                    throw new CommitOutcomeUnknownException("commitTransaction() for transactional.id="
                            + transactionalId + " kept timing out for " + commitRetryBudget.toMillis()
                            + " ms; the outcome is unknown", e);
                }
                log.warn("commitTransaction() for transactional.id={} timed out; retrying the commit "
                        + "(an abort here could hit a later transaction)", transactionalId);
            }
        }
    }

    /**
     * Aborts the open transaction, if any. Throws what the producer throws; the caller classifies it.
     *
     * @return whether a transaction was aborted
     */
    @Override
    public boolean abortIfInFlight() {
        if (inTransaction && !closed) {
            producer.abortTransaction();
            inTransaction = false;
            return true;
        }
        return false;
    }

    /** Closes without committing anything; an open transaction is left to the coordinator to abort. */
    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        inTransaction = false;
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.warn("Closing producer transactional.id={} failed", transactionalId, e);
        }
    }

    String transactionalId() {
        return transactionalId;
    }
}
