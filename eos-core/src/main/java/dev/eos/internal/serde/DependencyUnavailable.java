package dev.eos.internal.serde;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde threw a Kafka {@code RetriableException}: something it depends on (a schema registry)
 * is unavailable for now. The record is not bad, so no error handler sees it: the transaction is
 * aborted, the thread waits with a growing backoff and reads the same records again. Nothing is
 * skipped or dead-lettered, however long the outage.
 *
 * <p>Serdes of sources and sinks, of state stores (so a store with an Avro serde waits too) and
 * of serializer-based partitioners count. User code in a processor that throws one does not: a
 * lookup that keeps timing out must not stall the app for ever without a decision, so it stays a
 * failure of user code. Neither does {@code CorruptRecordException}, which Kafka makes retriable
 * but which a checksum-validating serde throws for a record that is bad for good.
 */
public final class DependencyUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DependencyUnavailable(String where, RuntimeException cause) {
        super(where + " is waiting for a dependency: " + cause.getMessage(), cause);
    }

    /** Whether a serde's exception says that a dependency is away rather than that the data is bad. */
    public static boolean signalledBy(RuntimeException error) {
        return error instanceof RetriableException && !(error instanceof CorruptRecordException);
    }

    /**
     * {@code error} as a {@link DependencyUnavailable} if it signals one (see
     * {@link #signalledBy}), else {@code error} itself.
     */
    public static RuntimeException classify(String where, RuntimeException error) {
        return signalledBy(error) ? new DependencyUnavailable(where, error) : error;
    }

    /** {@code serializer}, reporting its dependency errors as {@link DependencyUnavailable}. */
    public static <T> Serializer<T> watching(Serializer<T> serializer, String where) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, T data) {
                try {
                    return serializer.serialize(topic, data);
                } catch (RuntimeException e) {
                    throw classify(where, e);
                }
            }

            @Override
            public byte[] serialize(String topic, org.apache.kafka.common.header.Headers headers, T data) {
                try {
                    return serializer.serialize(topic, headers, data);
                } catch (RuntimeException e) {
                    throw classify(where, e);
                }
            }

            @Override
            public void close() {
                serializer.close();
            }
        };
    }

    /** {@code deserializer}, reporting its dependency errors as {@link DependencyUnavailable}. */
    public static <T> Deserializer<T> watching(Deserializer<T> deserializer, String where) {
        return new Deserializer<>() {
            @Override
            public T deserialize(String topic, byte[] data) {
                try {
                    return deserializer.deserialize(topic, data);
                } catch (RuntimeException e) {
                    throw classify(where, e);
                }
            }

            @Override
            public T deserialize(String topic, org.apache.kafka.common.header.Headers headers, byte[] data) {
                try {
                    return deserializer.deserialize(topic, headers, data);
                } catch (RuntimeException e) {
                    throw classify(where, e);
                }
            }

            @Override
            public void close() {
                deserializer.close();
            }
        };
    }
}
