package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Producer} of bytes that writes to an {@link InMemoryKafka}: what the test driver's
 * client factory hands the runtime instead of a {@code KafkaProducer}. Every call takes effect at
 * once; a send's future is already complete and its callback has already run when
 * {@code send} returns. {@code commitTransaction} and {@code abortTransaction} return once the
 * outcome is decided, as in Kafka; the transaction's markers land later (see
 * {@link InMemoryKafka}), and this producer's next transaction waits for them (at its first
 * send or {@code sendOffsetsToTransaction}), as Kafka's producer retries
 * CONCURRENT_TRANSACTIONS.
 *
 * <p>It behaves like a {@code KafkaProducer} where exactly-once depends on it:
 * <ul>
 *   <li>With a {@code transactional.id}, sends need {@code initTransactions} and an open
 *       transaction, as in Kafka ({@link IllegalStateException} otherwise); without one, records
 *       are appended committed at once.</li>
 *   <li>Partitioning: the record's partition if set, else murmur2 of the key modulo the partition
 *       count, as Kafka's default partitioner; records without a key go round robin per topic
 *       (Kafka uses sticky batches; no ordering guarantee differs).</li>
 *   <li>Errors: fencing ({@link org.apache.kafka.common.errors.ProducerFencedException}), a
 *       partition out of range, and calls in the wrong state throw from {@code send}. An unknown
 *       topic fails the future and the callback instead, and, as in Kafka, puts an open
 *       transaction in an abortable error state: {@code commitTransaction},
 *       {@code sendOffsetsToTransaction} and further sends then throw a {@link KafkaException}
 *       caused by the send error, until {@code abortTransaction}.</li>
 *   <li>A {@code commitTransaction} that timed out after the coordinator committed (an injected
 *       fault at {@link FaultHooks.Point#AFTER_COMMIT}) must be retried, as with a
 *       {@code KafkaProducer}: the retry returns at once (the commit is done), and any other
 *       transactional call or send before it throws {@link IllegalStateException}.</li>
 *   <li>A {@code sendOffsetsToTransaction} the group refuses (a zombie's stale generation or
 *       unknown member id) throws {@link CommitFailedException} and, as in Kafka, leaves the
 *       transaction in the abortable error state.</li>
 *   <li>{@code close} leaves an open transaction open, like a crash: the next
 *       {@code initTransactions} for the same transactional id aborts it, or the coordinator
 *       does once {@code transaction.timeout.ms} has passed on the model's clock.</li>
 * </ul>
 *
 * <pre>{@code
 * Producer<byte[], byte[]> p = new InMemoryProducer(kafka, Map.of("transactional.id", "app-0"), clock::millis);
 * p.initTransactions();
 * p.beginTransaction();
 * p.send(new ProducerRecord<>("out", key, value));
 * p.commitTransaction();
 * }</pre>
 */
public final class InMemoryProducer implements Producer<byte[], byte[]> {
    private static final Logger log = LoggerFactory.getLogger(InMemoryProducer.class);

    private final InMemoryKafka kafka;
    private final String transactionalId;
    private final LongSupplier wallClock;
    private final long transactionTimeoutMs;
    private final FaultHooks faults;
    private final Map<String, Integer> nextUnkeyedPartition = new HashMap<>();
    private ProducerSession session;
    private KafkaException abortableError;
    /** A commit completed at the coordinator, but its call timed out: only a retry may follow. */
    private boolean commitUnacknowledged;
    private boolean closed;

    /**
     * @param config    the producer configuration Eos computed; read are {@code transactional.id} and
     *                  {@code transaction.timeout.ms} (Kafka's default, 60 s, if absent)
     * @param wallClock the time stamped on records sent without a timestamp, in epoch milliseconds
     */
    public InMemoryProducer(InMemoryKafka kafka, Map<String, Object> config, LongSupplier wallClock) {
        this(kafka, config, wallClock, new FaultHooks());
    }

    /**
     * @param config    the producer configuration Eos computed; read are {@code transactional.id} and
     *                  {@code transaction.timeout.ms} (Kafka's default, 60 s, if absent)
     * @param wallClock the time stamped on records sent without a timestamp, in epoch milliseconds
     * @param faults    reached at each {@link FaultHooks.Point} of a send, sendOffsetsToTransaction and commit
     * @throws IllegalArgumentException if {@code transaction.timeout.ms} is not a positive number
     */
    public InMemoryProducer(InMemoryKafka kafka, Map<String, Object> config, LongSupplier wallClock,
                            FaultHooks faults) {
        this.kafka = kafka;
        this.faults = faults;
        Object id = config.get(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        this.transactionalId = id == null ? null : id.toString();
        this.wallClock = wallClock;
        this.transactionTimeoutMs = transactionTimeoutMs(config.get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG));
    }

    private static long transactionTimeoutMs(Object configured) {
        if (configured == null) {
            return InMemoryKafka.DEFAULT_TRANSACTION_TIMEOUT_MS;
        }
        try {
            long value = Long.parseLong(configured.toString().trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG + "=" + configured
                + " is not valid; use a positive number of milliseconds");
    }

    /** The transactional id from the configuration, or null for a non-transactional producer. */
    public String transactionalId() {
        return transactionalId;
    }

    /** Whether {@link #close} was called. */
    public boolean closed() {
        return closed;
    }

    // ---- transactions

    @Override
    public void initTransactions() {
        ensureOpen();
        if (transactionalId == null) {
            throw new IllegalStateException("initTransactions needs a transactional producer; set "
                    + ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        }
        if (session != null) {
            throw new IllegalStateException("initTransactions was already called on this producer (transactional.id="
                    + transactionalId + "); create a new producer to start a new epoch");
        }
        session = kafka.initTransactions(transactionalId, transactionTimeoutMs);
    }

    @Override
    public void beginTransaction() {
        refuseUntilCommitRetried("beginTransaction");
        kafka.beginTransaction(requireSession("beginTransaction"));
    }

    @Override
    public void sendOffsetsToTransaction(Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        ProducerSession s = requireSession("sendOffsetsToTransaction");
        refuseUntilCommitRetried("sendOffsetsToTransaction");
        faults.reached(FaultHooks.Point.BEFORE_SEND_OFFSETS, transactionalId);
        throwIfAbortable("sendOffsetsToTransaction");
        try {
            kafka.sendOffsetsToTransaction(s, offsets, groupMetadata);
        } catch (CommitFailedException e) {
            // As Kafka's TxnOffsetCommit handler: UNKNOWN_MEMBER_ID or ILLEGAL_GENERATION is an abortable error.
            abortableError = e;
            throw e;
        }
    }

    @Override
    public void commitTransaction() {
        ProducerSession s = requireSession("commitTransaction");
        if (commitUnacknowledged) {
            // The retry of a commit that timed out: KafkaProducer returns the cached outcome.
            commitUnacknowledged = false;
            return;
        }
        faults.reached(FaultHooks.Point.BEFORE_COMMIT, transactionalId);
        throwIfAbortable("commitTransaction");
        kafka.commitTransaction(s);
        try {
            faults.reached(FaultHooks.Point.AFTER_COMMIT, transactionalId);
        } catch (TimeoutException e) {
            commitUnacknowledged = true;
            throw e;
        }
    }

    @Override
    public void abortTransaction() {
        ProducerSession s = requireSession("abortTransaction");
        refuseUntilCommitRetried("abortTransaction");
        kafka.abortTransaction(s);
        abortableError = null;
    }

    // ---- sending

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return send(record, null);
    }

    /**
     * Appends the record now and completes the future, running the callback before returning.
     *
     * @throws org.apache.kafka.common.errors.ProducerFencedException if a newer producer took the
     *         transactional id
     * @throws IllegalStateException if the producer is closed, or is transactional with no open
     *         transaction
     * @throws KafkaException if the record's partition does not exist in its topic, or the open
     *         transaction is in an abortable error state
     */
    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
        ensureOpen();
        refuseUntilCommitRetried("send");
        throwIfAbortable("send");
        int partitionCount;
        try {
            partitionCount = kafka.partitionCount(record.topic());
        } catch (UnknownTopicOrPartitionException e) {
            if (session != null && session.inTransaction()) {
                abortableError = e;
            }
            return completed(callback, null, e);
        }
        TopicPartition partition = new TopicPartition(record.topic(), partition(record, partitionCount));
        long timestamp = record.timestamp() != null ? record.timestamp() : wallClock.getAsLong();
        List<Header> headers = List.of(record.headers().toArray());
        long offset;
        if (transactionalId == null) {
            offset = kafka.append(partition, record.key(), record.value(), headers, timestamp);
        } else {
            offset = kafka.send(requireSession("send"), partition, record.key(), record.value(), headers, timestamp);
            faults.reached(FaultHooks.Point.AFTER_SEND, transactionalId);
        }
        RecordMetadata metadata = new RecordMetadata(partition, offset, 0, timestamp,
                record.key() == null ? -1 : record.key().length, record.value() == null ? -1 : record.value().length);
        return completed(callback, metadata, null);
    }

    private int partition(ProducerRecord<byte[], byte[]> record, int partitionCount) {
        if (record.partition() != null) {
            if (record.partition() < 0 || record.partition() >= partitionCount) {
                throw new KafkaException("Record for topic " + record.topic() + " names partition " + record.partition()
                        + " but the topic has " + partitionCount + " partitions (valid: 0.." + (partitionCount - 1) + ")");
            }
            return record.partition();
        }
        if (record.key() != null) {
            return Utils.toPositive(Utils.murmur2(record.key())) % partitionCount;
        }
        int next = nextUnkeyedPartition.getOrDefault(record.topic(), 0);
        nextUnkeyedPartition.put(record.topic(), (next + 1) % partitionCount);
        return next;
    }

    /** Runs the callback as Kafka's I/O thread would: an exception it throws is logged, not thrown. */
    private static Future<RecordMetadata> completed(Callback callback, RecordMetadata metadata, Exception error) {
        if (callback != null) {
            try {
                callback.onCompletion(metadata, error);
            } catch (RuntimeException e) {
                log.error("A send callback threw; Kafka's producer logs and ignores this too", e);
            }
        }
        return error == null ? CompletableFuture.completedFuture(metadata) : CompletableFuture.failedFuture(error);
    }

    /** Nothing is buffered: every send is already in the log. */
    @Override
    public void flush() {
        ensureOpen();
    }

    /**
     * @throws UnknownTopicOrPartitionException if the topic does not exist (a {@code KafkaProducer}
     *         would wait {@code max.block.ms} and throw a {@code TimeoutException})
     */
    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        ensureOpen();
        int count = kafka.partitionCount(topic);
        List<PartitionInfo> partitions = new ArrayList<>(count);
        for (int p = 0; p < count; p++) {
            Node[] replicas = {ClusterNode.NODE};
            Node[] inSync = {ClusterNode.NODE};
            partitions.add(new PartitionInfo(topic, p, ClusterNode.NODE, replicas, inSync));
        }
        return partitions;
    }

    // ---- the rest of the Producer interface

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return Map.of();
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        // No telemetry: nothing to register with.
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        // No telemetry: nothing to unregister from.
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        throw new UnsupportedOperationException("not modelled by the in-memory cluster: clientInstanceId");
    }

    /** Closes without ending an open transaction, like a crash; later calls throw. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    @Override
    public void close(Duration timeout) {
        if (!closed && session != null && session.inTransaction()) {
            log.debug("Closing producer transactional.id={} with a transaction open; the next initTransactions aborts it",
                    transactionalId);
        }
        closed = true;
    }

    // ---- state checks

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("Producer transactional.id=" + transactionalId + " is closed");
        }
    }

    private ProducerSession requireSession(String operation) {
        ensureOpen();
        if (transactionalId == null) {
            throw new IllegalStateException(operation + " needs a transactional producer; set "
                    + ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        }
        if (session == null) {
            throw new IllegalStateException(operation + " before initTransactions (transactional.id="
                    + transactionalId + "); call initTransactions first");
        }
        return session;
    }

    /** As a {@code KafkaProducer} refuses any call but the retry of a commit that timed out. */
    private void refuseUntilCommitRetried(String operation) {
        if (commitUnacknowledged) {
            throw new IllegalStateException("Cannot attempt operation `" + operation + "` because the previous call to "
                    + "`commitTransaction` timed out and must be retried (transactional.id=" + transactionalId + ")");
        }
    }

    private void throwIfAbortable(String operation) {
        if (abortableError != null) {
            throw new KafkaException(operation + " refused: an earlier send or offset commit in the transaction of "
                    + "transactional.id=" + transactionalId + " failed (" + abortableError.getMessage()
                    + "); call abortTransaction",
                    abortableError);
        }
    }
}
