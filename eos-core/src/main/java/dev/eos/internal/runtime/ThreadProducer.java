package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.ProcessingGuarantee;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One thread's output producer, and the one sender its tasks keep while the producer behind it
 * is replaced after fencing. The guarantee picks the producer when it is created: a
 * {@link TransactionalProducer} under exactly-once, an {@link AcknowledgedProducer} under
 * at-least-once.
 */
final class ThreadProducer implements RecordSender {
    private final EosConfig config;
    private final KafkaClientFactory clients;
    private final ClientConfigs clientConfigs;
    private final String clientId;
    private final String transactionalId;
    private final Clock clock;
    private OutputProducer current;
    /** Records sent since {@link #takeSent()} last asked: a plain count, read per commit. */
    private long sent;

    ThreadProducer(EosConfig config, KafkaClientFactory clients, String clientId, String transactionalId,
                   Clock clock) {
        this.config = config;
        this.clients = clients;
        this.clientConfigs = new ClientConfigs(config);
        this.clientId = clientId;
        this.transactionalId = transactionalId;
        this.clock = clock;
    }

    /** Creates and initializes a producer (registering the transactional id, fencing older ones). */
    void open(Consumer<byte[], byte[]> consumer) {
        OutputProducer p = config.processingGuarantee() == ProcessingGuarantee.AT_LEAST_ONCE
                ? new AcknowledgedProducer(clients.producer(clientConfigs.idempotentProducer(clientId)), consumer,
                        clientId)
                : new TransactionalProducer(clients.producer(clientConfigs.producer(clientId, transactionalId)),
                        transactionalId, clock, config.transactionTimeout());
        current = p;
        p.initialize();
    }

    OutputProducer current() {
        return current;
    }

    boolean hasUncommittedOutput() {
        return current != null && current.hasUncommittedOutput();
    }

    /** Closes the producer without committing (a zombie's transaction is left to be aborted). */
    void closeNow() {
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    void close(Duration timeout) {
        if (current != null) {
            current.close(timeout);
        }
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        sent++;
        return current.send(record);
    }

    /** The records sent since the last call. */
    long takeSent() {
        long n = sent;
        sent = 0;
        return n;
    }

    @Override
    public int partitionCount(String topic) {
        return current.partitionCount(topic);
    }
}
