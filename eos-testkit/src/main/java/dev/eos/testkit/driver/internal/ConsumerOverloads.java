package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The {@link org.apache.kafka.clients.consumer.Consumer} overloads that differ from another only
 * by a timeout, or by a default, each routed to the one {@link InMemoryConsumer} implements. A
 * call without a timeout gets {@code default.api.timeout.ms}, as in Kafka; the model never
 * waits, so a timeout only shows in the message of a {@code TimeoutException}.
 */
abstract class ConsumerOverloads extends NotModelledConsumerMethods {

    /** The consumer's {@code default.api.timeout.ms}. */
    abstract Duration defaultApiTimeout();

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerMembership.NO_LISTENER);
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        seek(partition, offsetAndMetadata.offset());
    }

    @Override
    public long position(TopicPartition partition) {
        return position(partition, defaultApiTimeout());
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        return committed(partitions, defaultApiTimeout());
    }

    @Override
    public void commitSync(Duration timeout) {
        commitSync();
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        commitSync(offsets);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return beginningOffsets(partitions);
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return endOffsets(partitions);
    }

    @Override
    public void close() {
        close(CloseOptions.timeout(Duration.ZERO));
    }

    @Override
    public void close(Duration timeout) {
        close(CloseOptions.timeout(timeout));
    }
}
