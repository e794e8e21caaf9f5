package dev.eos.micrometer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

class KafkaMetersTest {
    private final Metrics metrics = new Metrics();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KafkaMeters meters = new KafkaMeters(registry, "orders");

    @Test
    void shouldNameCountersAndGaugesAfterTheGroupAndTagThemWithTheApplicationAndThread() {
        gauge("producer-metrics", "record-send-total", 42, Map.of("client-id", "orders-thread-0-producer"));
        gauge("eos-thread-metrics", "commit-latency-avg", 7, Map.of("application-id", "orders", "thread-id", "orders-thread-0"));
        meters.sync(metrics.metrics());

        assertThat(registry.get("kafka.producer.record.send.total").tag("application-id", "orders")
                .tag("thread-id", "orders-thread-0").functionCounter().count()).isEqualTo(42);
        assertThat(registry.get("eos.thread.commit.latency.avg").tag("thread-id", "orders-thread-0").gauge().value())
                .isEqualTo(7);
    }

    @Test
    void shouldFollowMetricsThatAppearGoAndAreReplaced() {
        MetricName lag = gauge("eos-task-metrics", "records-lag-max", 5, Map.of("task-id", "0_0"));
        meters.sync(metrics.metrics());
        assertThat(registry.get("eos.task.records.lag.max").gauge().value()).isEqualTo(5);

        metrics.removeMetric(lag);
        gauge("eos-task-metrics", "records-lag-max", 9, Map.of("task-id", "0_0")); // a new object, same name
        gauge("eos-task-metrics", "records-lag-max", 1, Map.of("task-id", "0_1"));
        meters.sync(metrics.metrics());
        assertThat(registry.get("eos.task.records.lag.max").tag("task-id", "0_0").gauge().value()).isEqualTo(9);
        assertThat(registry.find("eos.task.records.lag.max").gauges()).hasSize(2);

        meters.sync(Map.of());
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void shouldBindOnlyTheVariantWithTheMostTagsWhenKafkaHasTwo() {
        gauge("consumer-fetch-manager-metrics", "records-lag-max", 3, Map.of("client-id", "c"));
        gauge("consumer-fetch-manager-metrics", "records-lag-max", 2,
                Map.of("client-id", "c", "topic", "t", "partition", "0"));
        meters.sync(metrics.metrics());
        assertThat(registry.find("kafka.consumer.fetch.manager.records.lag.max").gauges()).singleElement()
                .satisfies(g -> assertThat(g.getId().getTag("partition")).isEqualTo("0"));
    }

    @Test
    void shouldLeaveOutMetricsThatAreNotNumbers() {
        metrics.addMetric(metrics.metricName("state", "eos-app-metrics", "", Map.of()), (Gauge<String>) (c, n) -> "RUNNING");
        Map<MetricName, Metric> all = new HashMap<>(metrics.metrics());
        meters.sync(all);
        assertThat(registry.find("eos.app.state").meters()).isEmpty();
    }

    private MetricName gauge(String group, String name, double value, Map<String, String> tags) {
        MetricName metricName = metrics.metricName(name, group, "", tags);
        metrics.addMetric(metricName, (Gauge<Double>) (c, n) -> value);
        return metricName;
    }
}
