package dev.eos.internal.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.MetricsReporter;
import org.apache.kafka.common.utils.Time;

/**
 * The metrics of one app: Eos's own, in one Kafka {@link Metrics} (so a {@link JmxReporter}
 * exposes them under the JMX domain {@value #JMX_PREFIX}), and a live view of the metrics of
 * every Kafka client the app's threads hold.
 *
 * <p>Clients register under their {@code client.id} when they are created; a client recreated
 * with the same id (a producer replaced after fencing) replaces its predecessor; a thread that
 * ends forgets its clients. {@link #all()} merges everything at the time of the call.
 */
public final class EosMetricsRegistry implements AutoCloseable {
    public static final String JMX_PREFIX = "dev.eos";
    public static final String APP_GROUP = "eos-app-metrics";
    public static final String THREAD_GROUP = "eos-thread-metrics";
    public static final String TASK_GROUP = "eos-task-metrics";

    private final Metrics metrics;
    private final Map<String, Supplier<Map<MetricName, ? extends Metric>>> clients = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private EosMetricsRegistry(Metrics metrics) {
        this.metrics = metrics;
    }

    /** Registered in JMX under {@value #JMX_PREFIX}, as an app's metrics are. */
    public static EosMetricsRegistry withJmx() {
        List<MetricsReporter> reporters = List.of(new JmxReporter());
        return new EosMetricsRegistry(new Metrics(new MetricConfig(), reporters, Time.SYSTEM,
                new KafkaMetricsContext(JMX_PREFIX)));
    }

    /** Without any reporter, for a test driver that runs many apps in one JVM. */
    public static EosMetricsRegistry unreported() {
        return new EosMetricsRegistry(new Metrics());
    }

    public Metrics metrics() {
        return metrics;
    }

    /** A client was created: its metrics are part of {@link #all()} until {@link #forgetClient}. */
    public void registerClient(String clientId, Supplier<Map<MetricName, ? extends Metric>> clientMetrics) {
        clients.put(clientId, clientMetrics);
    }

    public void forgetClient(String clientId) {
        clients.remove(clientId);
    }

    /** Adds a gauge of the app (group {@value #APP_GROUP}, tag {@code application-id}). */
    public <T> void appGauge(String applicationId, String name, String description, Gauge<T> gauge) {
        MetricName metricName = metrics.metricName(name, APP_GROUP, description, Map.of("application-id", applicationId));
        metrics.addMetricIfAbsent(metricName, null, gauge);
    }

    /** Eos's metrics and those of every live client; empty once closed. */
    public Map<MetricName, Metric> all() {
        if (closed) {
            return Map.of();
        }
        Map<MetricName, Metric> out = new HashMap<>(metrics.metrics());
        for (Supplier<Map<MetricName, ? extends Metric>> client : clients.values()) {
            try {
                out.putAll(client.get());
            } catch (RuntimeException e) {
                // a client closed concurrently: its metrics are gone with it
            }
        }
        return out;
    }

    @Override
    public void close() {
        closed = true;
        clients.clear();
        metrics.close();
    }
}
