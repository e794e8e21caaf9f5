package dev.eos.internal.runtime;

import dev.eos.internal.metrics.EosMetricsRegistry;
import dev.eos.internal.metrics.ThreadMetrics;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Gauge;

/**
 * The {@code records-lag-max} gauge of every running task of one thread (group
 * {@value EosMetricsRegistry#TASK_GROUP}): the largest lag of the task's partitions, as the
 * consumer knows it after its last fetch. The consumer may only be read by its own thread, so the
 * thread refreshes the values ({@link #update}, at most once per {@link #INTERVAL_MS}) and the
 * gauges read the copies. A task that stops running loses its gauge.
 */
final class TaskLags {
    static final long INTERVAL_MS = 1_000;

    private static final class Lag {
        final MetricName name;
        volatile long max;
        boolean seen;

        Lag(MetricName name) {
            this.name = name;
        }
    }

    private final ThreadMetrics metrics;
    private final Map<TaskId, Lag> lags = new HashMap<>();
    private long lastUpdateMs = Long.MIN_VALUE;

    TaskLags(ThreadMetrics metrics) {
        this.metrics = metrics;
    }

    /** Refreshes every running task's lag if {@link #INTERVAL_MS} passed since the last time. */
    void update(TaskAssignment assignment, Consumer<byte[], byte[]> consumer, long nowMs) {
        if (nowMs - lastUpdateMs < INTERVAL_MS && lastUpdateMs != Long.MIN_VALUE) {
            return;
        }
        lastUpdateMs = nowMs;
        for (Lag lag : lags.values()) {
            lag.seen = false;
        }
        for (TopicPartition tp : assignment.runningPartitions()) {
            Task task = assignment.runningTask(tp);
            if (task == null) {
                continue;
            }
            Lag lag = lags.computeIfAbsent(task.id(), this::register);
            OptionalLong partitionLag = consumer.currentLag(tp);
            long value = partitionLag.isPresent() ? partitionLag.getAsLong() : 0;
            lag.max = lag.seen ? Math.max(lag.max, value) : value;
            lag.seen = true;
        }
        for (Iterator<Lag> it = lags.values().iterator(); it.hasNext(); ) {
            Lag lag = it.next();
            if (!lag.seen) {
                metrics.metrics().removeMetric(lag.name);
                it.remove();
            }
        }
    }

    /** The thread ended: every gauge goes. */
    void close() {
        lags.values().forEach(lag -> metrics.metrics().removeMetric(lag.name));
        lags.clear();
    }

    private Lag register(TaskId id) {
        Map<String, String> tags = new HashMap<>(metrics.tags());
        tags.put("task-id", id.toString());
        MetricName name = metrics.metrics().metricName("records-lag-max", EosMetricsRegistry.TASK_GROUP,
                "the largest lag (records) of the task's input partitions, as of the consumer's last fetch", tags);
        Lag lag = new Lag(name);
        metrics.metrics().removeMetric(name);
        metrics.metrics().addMetric(name, (Gauge<Long>) (config, now) -> lag.max);
        return lag;
    }
}
