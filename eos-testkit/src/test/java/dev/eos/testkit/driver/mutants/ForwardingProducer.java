package dev.eos.testkit.driver.mutants;

import org.apache.kafka.clients.producer.Producer;

/**
 * A producer that forwards every call to another; a mutant overrides the calls it breaks.
 * Every method forwards verbatim; written out from the {@code Producer} interface of kafka-clients 4.3.1.
 */
@SuppressWarnings({"deprecation", "checkstyle:ParameterName"})
class ForwardingProducer implements Producer<byte[], byte[]> {
    /** Not final: a mutant may swap in a new producer, as a runtime replacing its producer would. */
    protected Producer<byte[], byte[]> delegate;

    ForwardingProducer(Producer<byte[], byte[]> delegate) {
        this.delegate = delegate;
    }

    @Override
    public void initTransactions() {
        delegate.initTransactions();
    }

    @Override
    public void beginTransaction() {
        delegate.beginTransaction();
    }

    @Override
    public void sendOffsetsToTransaction(java.util.Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> a0, org.apache.kafka.clients.consumer.ConsumerGroupMetadata a1) {
        delegate.sendOffsetsToTransaction(a0, a1);
    }

    @Override
    public void commitTransaction() {
        delegate.commitTransaction();
    }

    @Override
    public void abortTransaction() {
        delegate.abortTransaction();
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
    public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> a0) {
        return delegate.send(a0);
    }

    @Override
    public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> a0, org.apache.kafka.clients.producer.Callback a1) {
        return delegate.send(a0, a1);
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public java.util.List<org.apache.kafka.common.PartitionInfo> partitionsFor(String a0) {
        return delegate.partitionsFor(a0);
    }

    @Override
    public java.util.Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return delegate.metrics();
    }

    @Override
    public org.apache.kafka.common.Uuid clientInstanceId(java.time.Duration a0) {
        return delegate.clientInstanceId(a0);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public void close(java.time.Duration a0) {
        delegate.close(a0);
    }
}
