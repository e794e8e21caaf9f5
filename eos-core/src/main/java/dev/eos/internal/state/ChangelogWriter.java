package dev.eos.internal.state;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Sends one store shard's writes to its changelog partition, inside the open transaction, and
 * remembers the last send so that, after the transaction committed, the store can record the
 * changelog offset its writes reach.
 */
public final class ChangelogWriter {
    private final TopicPartition partition;
    private final Function<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> sender;
    private Future<RecordMetadata> lastSend;

    public ChangelogWriter(TopicPartition partition,
                           Function<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> sender) {
        this.partition = partition;
        this.sender = sender;
    }

    public TopicPartition partition() {
        return partition;
    }

    /** Sends a store write (a null value is a deletion) into the open transaction. */
    public void send(byte[] key, byte[] value, long timestamp) {
        lastSend = sender.apply(new ProducerRecord<>(partition.topic(), partition.partition(),
                Math.max(0, timestamp), key, value));
    }

    /** Whether anything was sent since the last {@link #committedNextOffset()} or {@link #forget()}. */
    public boolean hasSends() {
        return lastSend != null;
    }

    /**
     * After the transaction committed: the changelog offset after the last record sent, the
     * point a restore continues from. Forgets the send.
     */
    public long committedNextOffset() {
        Future<RecordMetadata> last = lastSend;
        lastSend = null;
        try {
            return last.get().offset() + 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted reading the offset of a committed changelog send", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A changelog send to " + partition
                    + " failed although its transaction committed", e.getCause());
        }
    }

    /** After an abort: the sends are void. */
    public void forget() {
        lastSend = null;
    }
}
