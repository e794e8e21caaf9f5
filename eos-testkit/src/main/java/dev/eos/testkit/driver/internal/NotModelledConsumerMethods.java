package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.SubscriptionPattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.KafkaMetric;

/**
 * The part of Kafka's {@link Consumer} interface the in-memory cluster does not model: pattern
 * subscriptions, asynchronous commits, metrics, metadata and time-based lookups. The runtime
 * uses none of them; each throws {@link UnsupportedOperationException} naming the method, so a
 * new use shows up at once in the driver's tests rather than as a silently wrong answer.
 */
abstract class NotModelledConsumerMethods implements Consumer<byte[], byte[]> {

    static UnsupportedOperationException notModelled(String method) {
        return new UnsupportedOperationException("not modelled by the in-memory cluster: " + method);
    }

    @Override
    public void subscribe(Pattern pattern, ConsumerRebalanceListener callback) {
        throw notModelled("subscribe(Pattern, ConsumerRebalanceListener)");
    }

    @Override
    public void subscribe(Pattern pattern) {
        throw notModelled("subscribe(Pattern)");
    }

    @Override
    public void subscribe(SubscriptionPattern pattern, ConsumerRebalanceListener callback) {
        throw notModelled("subscribe(SubscriptionPattern, ConsumerRebalanceListener)");
    }

    @Override
    public void subscribe(SubscriptionPattern pattern) {
        throw notModelled("subscribe(SubscriptionPattern)");
    }

    @Override
    public void commitAsync() {
        throw notModelled("commitAsync()");
    }

    @Override
    public void commitAsync(OffsetCommitCallback callback) {
        throw notModelled("commitAsync(OffsetCommitCallback)");
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
        throw notModelled("commitAsync(Map, OffsetCommitCallback)");
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric metric) {
        throw notModelled("registerMetricForSubscription");
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric metric) {
        throw notModelled("unregisterMetricFromSubscription");
    }

    @Override
    public Uuid clientInstanceId(Duration timeout) {
        throw notModelled("clientInstanceId");
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        throw notModelled("metrics");
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic) {
        throw notModelled("partitionsFor");
    }

    @Override
    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        throw notModelled("partitionsFor");
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics() {
        throw notModelled("listTopics");
    }

    @Override
    public Map<String, List<PartitionInfo>> listTopics(Duration timeout) {
        throw notModelled("listTopics");
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch) {
        throw notModelled("offsetsForTimes");
    }

    @Override
    public Map<TopicPartition, OffsetAndTimestamp> offsetsForTimes(Map<TopicPartition, Long> timestampsToSearch,
                                                                   Duration timeout) {
        throw notModelled("offsetsForTimes");
    }

    @Override
    public void enforceRebalance() {
        throw notModelled("enforceRebalance");
    }

    @Override
    public void enforceRebalance(String reason) {
        throw notModelled("enforceRebalance");
    }
}
