package dev.eos.testkit.driver.mutants;

import org.apache.kafka.clients.consumer.Consumer;

/**
 * A consumer that forwards every call to another; a mutant overrides the calls it breaks.
 * Every method forwards verbatim; written out from the {@code Consumer} interface of kafka-clients 4.3.1.
 */
@SuppressWarnings({"deprecation", "checkstyle:ParameterName"})
class ForwardingConsumer implements Consumer<byte[], byte[]> {
    protected final Consumer<byte[], byte[]> delegate;

    ForwardingConsumer(Consumer<byte[], byte[]> delegate) {
        this.delegate = delegate;
    }

    @Override
    public java.util.Set<org.apache.kafka.common.TopicPartition> assignment() {
        return delegate.assignment();
    }

    @Override
    public java.util.Set<String> subscription() {
        return delegate.subscription();
    }

    @Override
    public void subscribe(java.util.Collection<String> a0) {
        delegate.subscribe(a0);
    }

    @Override
    public void subscribe(java.util.Collection<String> a0, org.apache.kafka.clients.consumer.ConsumerRebalanceListener a1) {
        delegate.subscribe(a0, a1);
    }

    @Override
    public void assign(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        delegate.assign(a0);
    }

    @Override
    public void subscribe(java.util.regex.Pattern a0, org.apache.kafka.clients.consumer.ConsumerRebalanceListener a1) {
        delegate.subscribe(a0, a1);
    }

    @Override
    public void subscribe(java.util.regex.Pattern a0) {
        delegate.subscribe(a0);
    }

    @Override
    public void subscribe(org.apache.kafka.clients.consumer.SubscriptionPattern a0, org.apache.kafka.clients.consumer.ConsumerRebalanceListener a1) {
        delegate.subscribe(a0, a1);
    }

    @Override
    public void subscribe(org.apache.kafka.clients.consumer.SubscriptionPattern a0) {
        delegate.subscribe(a0);
    }

    @Override
    public void unsubscribe() {
        delegate.unsubscribe();
    }

    @Override
    public org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> poll(java.time.Duration a0) {
        return delegate.poll(a0);
    }

    @Override
    public void commitSync() {
        delegate.commitSync();
    }

    @Override
    public void commitSync(java.time.Duration a0) {
        delegate.commitSync(a0);
    }

    @Override
    public void commitSync(java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> a0) {
        delegate.commitSync(a0);
    }

    @Override
    public void commitSync(java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> a0, java.time.Duration a1) {
        delegate.commitSync(a0, a1);
    }

    @Override
    public void commitAsync() {
        delegate.commitAsync();
    }

    @Override
    public void commitAsync(org.apache.kafka.clients.consumer.OffsetCommitCallback a0) {
        delegate.commitAsync(a0);
    }

    @Override
    public void commitAsync(java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> a0, org.apache.kafka.clients.consumer.OffsetCommitCallback a1) {
        delegate.commitAsync(a0, a1);
    }

    @Override
    public void registerMetricForSubscription(org.apache.kafka.common.metrics.KafkaMetric a0) {
        delegate.registerMetricForSubscription(a0);
    }

    @Override
    public void unregisterMetricFromSubscription(org.apache.kafka.common.metrics.KafkaMetric a0) {
        delegate.unregisterMetricFromSubscription(a0);
    }

    @Override
    public void seek(org.apache.kafka.common.TopicPartition a0, long a1) {
        delegate.seek(a0, a1);
    }

    @Override
    public void seek(org.apache.kafka.common.TopicPartition a0, org.apache.kafka.clients.consumer.OffsetAndMetadata a1) {
        delegate.seek(a0, a1);
    }

    @Override
    public void seekToBeginning(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        delegate.seekToBeginning(a0);
    }

    @Override
    public void seekToEnd(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        delegate.seekToEnd(a0);
    }

    @Override
    public long position(org.apache.kafka.common.TopicPartition a0) {
        return delegate.position(a0);
    }

    @Override
    public long position(org.apache.kafka.common.TopicPartition a0, java.time.Duration a1) {
        return delegate.position(a0, a1);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed(java.util.Set<org.apache.kafka.common.TopicPartition> a0) {
        return delegate.committed(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed(java.util.Set<org.apache.kafka.common.TopicPartition> a0, java.time.Duration a1) {
        return delegate.committed(a0, a1);
    }

    @Override
    public org.apache.kafka.common.Uuid clientInstanceId(java.time.Duration a0) {
        return delegate.clientInstanceId(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public java.util.List<org.apache.kafka.common.PartitionInfo> partitionsFor(String a0) {
        return delegate.partitionsFor(a0);
    }

    @Override
    public java.util.List<org.apache.kafka.common.PartitionInfo> partitionsFor(String a0, java.time.Duration a1) {
        return delegate.partitionsFor(a0, a1);
    }

    @Override
    public java.util.Map<String, java.util.List<org.apache.kafka.common.PartitionInfo>> listTopics() {
        return delegate.listTopics();
    }

    @Override
    public java.util.Map<String, java.util.List<org.apache.kafka.common.PartitionInfo>> listTopics(java.time.Duration a0) {
        return delegate.listTopics(a0);
    }

    @Override
    public java.util.Set<org.apache.kafka.common.TopicPartition> paused() {
        return delegate.paused();
    }

    @Override
    public void pause(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        delegate.pause(a0);
    }

    @Override
    public void resume(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        delegate.resume(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> offsetsForTimes(java.util.Map<org.apache.kafka.common.TopicPartition, Long> a0) {
        return delegate.offsetsForTimes(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> offsetsForTimes(java.util.Map<org.apache.kafka.common.TopicPartition, Long> a0, java.time.Duration a1) {
        return delegate.offsetsForTimes(a0, a1);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, Long> beginningOffsets(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        return delegate.beginningOffsets(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, Long> beginningOffsets(java.util.Collection<org.apache.kafka.common.TopicPartition> a0, java.time.Duration a1) {
        return delegate.beginningOffsets(a0, a1);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(java.util.Collection<org.apache.kafka.common.TopicPartition> a0) {
        return delegate.endOffsets(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.TopicPartition, Long> endOffsets(java.util.Collection<org.apache.kafka.common.TopicPartition> a0, java.time.Duration a1) {
        return delegate.endOffsets(a0, a1);
    }

    @Override
    public java.util.OptionalLong currentLag(org.apache.kafka.common.TopicPartition a0) {
        return delegate.currentLag(a0);
    }

    @Override
    public org.apache.kafka.clients.consumer.ConsumerGroupMetadata groupMetadata() {
        return delegate.groupMetadata();
    }

    @Override
    public void enforceRebalance() {
        delegate.enforceRebalance();
    }

    @Override
    public void enforceRebalance(String a0) {
        delegate.enforceRebalance(a0);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(java.time.Duration a0) {
        delegate.close(a0);
    }

    @Override
    public void close(org.apache.kafka.clients.consumer.CloseOptions a0) {
        delegate.close(a0);
    }

    @Override
    public void wakeup() {
        delegate.wakeup();
    }
}
