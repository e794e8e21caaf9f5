package dev.eos.internal.runtime;

import dev.eos.internal.metrics.EosMetricsRegistry;
import dev.eos.spi.KafkaClientFactory;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * One thread's client factory: creates clients through the app's factory and registers each
 * one's metrics under its {@code client.id}, so that {@code EosApp.kafkaMetrics()} follows the
 * clients the thread holds (a producer recreated after fencing has the same id and replaces its
 * predecessor). {@link #forgetAll()} when the thread ends.
 */
final class MetricsTrackingClients implements KafkaClientFactory {
    private final KafkaClientFactory delegate;
    private final EosMetricsRegistry registry;
    private final Set<String> clientIds = new HashSet<>();

    MetricsTrackingClients(KafkaClientFactory delegate, EosMetricsRegistry registry) {
        this.delegate = delegate;
        this.registry = registry;
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        Consumer<byte[], byte[]> consumer = delegate.consumer(config);
        track(config, consumer::metrics);
        return consumer;
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        Producer<byte[], byte[]> producer = delegate.producer(config);
        track(config, producer::metrics);
        return producer;
    }

    @Override
    public Admin admin(Map<String, Object> config) {
        Admin admin = delegate.admin(config);
        track(config, admin::metrics);
        return admin;
    }

    /** The thread ended: its clients' metrics leave the app's view. */
    synchronized void forgetAll() {
        clientIds.forEach(registry::forgetClient);
        clientIds.clear();
    }

    private synchronized void track(Map<String, Object> config, Supplier<Map<MetricName, ? extends Metric>> metrics) {
        Object id = config.get(CommonClientConfigs.CLIENT_ID_CONFIG);
        if (id == null) {
            return;
        }
        clientIds.add(id.toString());
        registry.registerClient(id.toString(), metrics);
    }
}
