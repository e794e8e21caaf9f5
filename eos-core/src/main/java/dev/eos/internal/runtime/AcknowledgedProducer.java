package dev.eos.internal.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At-least-once output: an idempotent producer without transactions, and offsets committed
 * through the consumer only after every record sent before them was acknowledged.
 *
 * <p>The commit, in order:
 * <ol>
 *   <li>{@code flush()}: wait until every record sent so far is acknowledged by all in-sync
 *       replicas ({@code acks=all}).</li>
 *   <li>If any of them failed, throw: the offsets are not committed and the input is processed
 *       again (duplicates are possible, loss is not).</li>
 *   <li>{@code commitSync(offsets)}: the group refuses it from a member of a stale generation.</li>
 * </ol>
 * An "abort" cannot take back acknowledged records; it only forgets them. Readers see output at
 * once, before its input's offsets are committed.
 */
final class AcknowledgedProducer implements OutputProducer {
    private static final Logger log = LoggerFactory.getLogger(AcknowledgedProducer.class);

    private final Producer<byte[], byte[]> producer;
    private final Consumer<byte[], byte[]> consumer;
    private final String name;
    private final AtomicReference<Exception> firstSendError = new AtomicReference<>();
    private boolean uncommitted;
    private boolean closed;

    AcknowledgedProducer(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer, String name) {
        this.producer = producer;
        this.consumer = consumer;
        this.name = name;
    }

    @Override
    public void initialize() {
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        if (closed) {
            throw new IllegalStateException("Producer " + name + " is closed");
        }
        try {
            uncommitted = true;
            return producer.send(record, (metadata, error) -> {
                if (error != null) {
                    firstSendError.compareAndSet(null, error);
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

    @Override
    public boolean hasUncommittedOutput() {
        return uncommitted;
    }

    @Override
    public void commit(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        // Step 1
        producer.flush();
        // Step 2
        Exception failed = firstSendError.getAndSet(null);
        if (failed != null) {
            uncommitted = false;
            throw failed instanceof KafkaException k ? k
                    : new KafkaException(name + ": a send failed before the commit", failed);
        }
        // Step 3
        if (!offsets.isEmpty()) {
            consumer.commitSync(offsets);
        }
        uncommitted = false;
    }

    @Override
    public boolean abortIfInFlight() {
        uncommitted = false;
        firstSendError.set(null);
        return false;
    }

    @Override
    public void close(Duration timeout) {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.close(timeout);
        } catch (RuntimeException e) {
            log.warn("Closing producer {} failed", name, e);
        }
    }
}
