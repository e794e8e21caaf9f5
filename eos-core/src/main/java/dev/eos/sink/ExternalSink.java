package dev.eos.sink;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * Writes pipeline results to a system outside Kafka. Each processing thread gets its own instance
 * (from the {@link ExternalSinkFactory} given to {@code stream.sinkTo(...)}) and calls it from
 * that thread only.
 *
 * <p>At every commit point the thread hands the sink the records of all its tasks since the last
 * commit point, in order per source partition, together with the next source offset of every
 * partition they came from; then it commits in Kafka. If {@link #write} throws, nothing is
 * committed in Kafka and the input is processed again from the last commit point, so the same
 * records may be written again: a sink must be idempotent (an upsert by key or event id), or
 * own its offsets.
 *
 * <pre>{@code
 * class PrintingSink implements ExternalSink<String, Long> {
 *     public void write(List<SinkRecord<String, Long>> records, Map<TopicPartition, Long> nextOffsets) {
 *         records.forEach(r -> System.out.println(r.key() + " = " + r.value()));
 *     }
 * }
 * counts.toStream().sinkTo(PrintingSink::new);
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface ExternalSink<K, V> extends AutoCloseable {

    /**
     * This thread now owns {@code partitions}. An offset-owning sink (see
     * {@link ExternalSinkFactory#ownsOffsets()}) claims them, fencing any earlier owner, and
     * returns the next offset to read of each partition it has one for; the runtime starts those
     * partitions there instead of at Kafka's committed offset.
     *
     * @return partition to next offset; partitions left out start from Kafka's committed offset
     */
    default Map<TopicPartition, Long> onAssigned(Set<TopicPartition> partitions) {
        return Map.of();
    }

    /** This thread no longer owns {@code partitions}. */
    default void onRevoked(Set<TopicPartition> partitions) {
    }

    /**
     * Writes the records since the last commit point. {@code nextOffsets} holds, for every
     * source partition the thread consumed from since then, the offset after the last record
     * processed. Throw to refuse the batch; an exception whose cause chain holds an
     * {@link RetriableSinkException} is retried from the last commit point, a
     * {@link SinkFencedException} makes the thread give up its partitions as a zombie, anything
     * else stops it. A sink should retry transient failures itself for a while (with backoff)
     * before giving up with {@link RetriableSinkException}.
     */
    void write(List<SinkRecord<K, V>> records, Map<TopicPartition, Long> nextOffsets);

    /** Releases connections; called when the thread stops. */
    @Override
    default void close() {
    }
}
