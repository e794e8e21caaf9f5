package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.internal.metrics.EosMetricsRegistry;
import dev.eos.spi.KafkaClientFactory;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.junit.jupiter.api.Test;

class MetricsTrackingClientsTest {
    private final EosMetricsRegistry registry = EosMetricsRegistry.unreported();
    private final Metrics source = new Metrics();
    private final Deque<MockProducer<byte[], byte[]>> producers = new ArrayDeque<>();
    private final MetricsTrackingClients clients = new MetricsTrackingClients(new KafkaClientFactory() {
        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return producers.removeFirst();
        }

        @Override
        public Admin admin(Map<String, Object> config) {
            throw new UnsupportedOperationException();
        }
    }, registry);

    @Test
    void shouldShowOnlyTheNewestProducerOfAClientIdAfterItWasRecreated() {
        MetricName sent = source.metricName("record-send-total", "producer-metrics", "", Map.of("client-id", "t-producer"));
        producers.add(producerWith(sent, 10));
        producers.add(producerWith(sent, 3));

        clients.producer(Map.of("client.id", "t-producer"));
        assertThat(value(registry.all().get(sent))).isEqualTo(10);
        clients.producer(Map.of("client.id", "t-producer")); // recreated after fencing
        assertThat(value(registry.all().get(sent))).isEqualTo(3);
    }

    @Test
    void shouldForgetEveryClientOfTheThreadWhenItEnds() {
        MetricName sent = source.metricName("record-send-total", "producer-metrics", "", Map.of("client-id", "t-producer"));
        producers.add(producerWith(sent, 10));
        clients.producer(Map.of("client.id", "t-producer"));

        clients.forgetAll();

        assertThat(registry.all()).doesNotContainKey(sent);
    }

    private MockProducer<byte[], byte[]> producerWith(MetricName name, double value) {
        MockProducer<byte[], byte[]> producer = new MockProducer<>();
        Metrics own = new Metrics();
        own.addMetric(name, (Gauge<Double>) (c, n) -> value);
        producer.setMockMetrics(name, own.metric(name));
        return producer;
    }

    private static double value(Metric metric) {
        return ((Number) metric.metricValue()).doubleValue();
    }
}
