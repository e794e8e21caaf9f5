package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eos's metrics read off running apps on a real broker: the values, not only that a metric
 * exists. Counts are awaited (a metric is updated right after Kafka confirmed the commit that the
 * test sees), never slept for.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MetricsIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration METRIC_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tempDir;

    @Test
    void shouldCountEveryRecordConsumedProcessedProducedAndCommittedAndTimeTheCommits() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("metrics-in");
        String out = KAFKA.uniqueTopic("metrics-out");
        kafka.createTopic(in, 3);
        kafka.createTopic(out, 2);
        int n = 1000;
        KafkaIo.produceEvents(kafka, in, UserEvents.generate(n, 20, 3L));

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS)).mapValues(v -> v + "!").to(out, Produced.with(STRINGS, STRINGS));
        String appId = KAFKA.uniqueTopic("metrics-app");
        EosConfig config = KafkaIo.eosConfig(kafka, appId).build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);

            awaitMetric(app, "records-committed-total", n);
            assertThat(value(app, "eos-thread-metrics", "process-total")).isEqualTo(n);
            assertThat(value(app, "eos-thread-metrics", "records-consumed-total")).isEqualTo(n);
            assertThat(value(app, "eos-thread-metrics", "records-produced-total")).isEqualTo(n);
            assertThat(value(app, "eos-thread-metrics", "commit-total")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "commit-latency-avg")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "commit-latency-max")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "commit-latency-p99")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "record-e2e-latency-max")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "record-e2e-latency-p50")).isGreaterThan(0);
            assertThat(value(app, "eos-thread-metrics", "dead-lettered-records-total")).isZero();
            assertThat(value(app, "eos-app-metrics", "alive-stream-threads")).isEqualTo(1);
            assertThat(metric(app, "eos-thread-metrics", "thread-state").orElseThrow().metricValue()).isEqualTo("RUNNING");
            assertThat(metric(app, "eos-app-metrics", "state").orElseThrow().metricValue()).isEqualTo("RUNNING");
            assertThat(app.metrics().recordsCommitted()).isEqualTo(n);

            // every live client's metrics are in the same view
            assertThat(value(app, "producer-metrics", "record-send-total")).as("producer record-send-total")
                    .isGreaterThanOrEqualTo(n);
            assertThat(clientIds(app)).contains(appId + "-thread-0-consumer", appId + "-thread-0-producer");

            // and in JMX, with no dependency
            MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
            Set<ObjectName> names = jmx.queryNames(new ObjectName("dev.eos:type=eos-thread-metrics,application-id="
                    + appId + ",*"), null);
            names.removeIf(name -> name.getKeyProperty("cause") != null); // transactions-aborted-total by cause
            assertThat(names).hasSize(1);
            assertThat((Double) jmx.getAttribute(names.iterator().next(), "process-total")).isEqualTo(n);
        }
        assertThat(ManagementFactory.getPlatformMBeanServer()
                .queryNames(new ObjectName("dev.eos:type=eos-thread-metrics,application-id=" + appId + ",*"), null))
                .as("JMX after close").isEmpty();
    }

    @Test
    void shouldCountDeadLetteredRecords() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("metrics-dlq-in");
        String out = KAFKA.uniqueTopic("metrics-dlq-out");
        String appId = KAFKA.uniqueTopic("metrics-dlq-app");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 1);
        kafka.createTopic(appId + "-dead-letters", 1);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        int bad = 0;
        for (int i = 0; i < 300; i++) {
            boolean notAnInt = i % 20 == 5;
            bad += notAnInt ? 1 : 0;
            byte[] value = notAnInt ? new byte[] {1, 2, 3} : ByteBuffer.allocate(4).putInt(i).array();
            input.add(new ProducerRecord<>(in, KafkaIo.bytes("k" + i % 7), value));
        }
        KafkaIo.produce(kafka, input);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, Serdes.Integer())).to(out, Produced.with(STRINGS, Serdes.Integer()));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter")
                .build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);

            awaitMetric(app, "records-committed-total", input.size());
            assertThat(value(app, "eos-thread-metrics", "dead-lettered-records-total")).isEqualTo(bad);
            assertThat(value(app, "eos-thread-metrics", "dropped-records-total")).isZero();
            assertThat(value(app, "eos-thread-metrics", "process-total")).isEqualTo(input.size());
            assertThat(value(app, "eos-thread-metrics", "records-produced-total")).isEqualTo(input.size());
        }
    }

    @Test
    void shouldCountSkippedRecordsAndTheAbortsTheirProcessingErrorsCaused() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("metrics-skip-in");
        String out = KAFKA.uniqueTopic("metrics-skip-out");
        String appId = KAFKA.uniqueTopic("metrics-skip-app");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            input.add(KafkaIo.record(in, "k" + i % 7, "v" + i));
        }
        KafkaIo.produce(kafka, input);
        int failing = 4; // v13, v63, v113, v163
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .mapValues(v -> {
                    if (Integer.parseInt(v.substring(1)) % 50 == 13) {
                        throw new IllegalStateException("bad value " + v);
                    }
                    return v;
                })
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.PROCESSING_ERROR_HANDLER, "skip").build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);

            awaitMetric(app, "records-committed-total", input.size());
            assertThat(value(app, "eos-thread-metrics", "dropped-records-total")).isEqualTo(failing);
            // an abort is counted when a transaction was open: output of earlier records was sent in it
            double aborts = app.kafkaMetrics().entrySet().stream()
                    .filter(e -> e.getKey().name().equals("transactions-aborted-total")
                            && "processing-error".equals(e.getKey().tags().get("cause")))
                    .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
            assertThat(aborts).isPositive().isLessThanOrEqualTo(failing);
            // sends of an aborted transaction count too: the records before a failure are sent again after the rewind
            assertThat(value(app, "eos-thread-metrics", "records-produced-total"))
                    .isGreaterThanOrEqualTo(input.size() - failing);
            assertThat(value(app, "eos-thread-metrics", "process-total")).isGreaterThan(input.size());
        }
    }

    @Test
    void shouldCountRestoredRecordsWhenAnInstanceRestartsOnAnEmptyStateDir() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("metrics-restore-in");
        String out = KAFKA.uniqueTopic("metrics-restore-out");
        String appId = KAFKA.uniqueTopic("metrics-restore-app");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        KafkaIo.produceEvents(kafka, in, UserEvents.generate(2000, 300, 5L));
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(STRINGS, Serdes.Long()));
        EosConfig first = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, tempDir.resolve("a").toString())
                .build();
        try (EosApp app = EosApp.create(builder.build(), first)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);
            assertThat(value(app, "eos-thread-metrics", "restore-records-total")).as("nothing to restore at first")
                    .isZero();
        }
        long changelogRecords = kafka.endOffsets(appId + "-counts-changelog").values().stream()
                .mapToLong(Long::longValue).sum();

        EosConfig second = KafkaIo.eosConfig(kafka, appId).set(EosConfig.STATE_DIR, tempDir.resolve("b").toString())
                .build();
        try (EosApp app = EosApp.create(builder.build(), second)) {
            Apps.startAndAwaitRunning(app);
            double restored = value(app, "eos-thread-metrics", "restore-records-total");
            assertThat(restored).as("restored records").isPositive().isLessThanOrEqualTo(changelogRecords);
            assertThat(restored).isEqualTo(app.metrics().changelogRecordsRestored());
            assertThat(value(app, "eos-thread-metrics", "restore-remaining-records-total")).isZero();
            assertThat(value(app, "eos-thread-metrics", "restore-time-ms-total")).isPositive();
        }
    }

    @Test
    void shouldShowTheLagOfATaskWhileItHasABacklogAndZeroOnceCaughtUp() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("metrics-lag-in");
        String out = KAFKA.uniqueTopic("metrics-lag-out");
        String appId = KAFKA.uniqueTopic("metrics-lag-app");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        KafkaIo.produceEvents(kafka, in, UserEvents.generate(3000, 10, 7L));
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .peek((k, v) -> LockSupport.parkNanos(1_000_000)) // about 1 ms a record: a backlog of seconds
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set("consumer.max.poll.records", 100).build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            app.start();
            Await.until("records-lag-max of task 0_0 > 0", METRIC_TIMEOUT,
                    () -> taskLag(app).orElse(0.0) > 0);
            Apps.awaitAllConsumed(kafka, app, appId, in);
            Await.until("records-lag-max of task 0_0 back to 0", METRIC_TIMEOUT,
                    () -> taskLag(app).orElse(-1.0) == 0);
            assertThat(app.state()).isEqualTo(AppState.RUNNING);
        }
    }

    private static Optional<Double> taskLag(EosApp app) {
        return app.kafkaMetrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("eos-task-metrics") && e.getKey().name().equals("records-lag-max")
                        && "0_0".equals(e.getKey().tags().get("task-id")))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst();
    }

    private static void awaitMetric(EosApp app, String name, double expected) throws InterruptedException {
        Await.until(name + " reaches " + expected, METRIC_TIMEOUT,
                () -> value(app, "eos-thread-metrics", name) == expected);
    }

    private static List<String> clientIds(EosApp app) {
        return app.kafkaMetrics().keySet().stream().map(k -> k.tags().get("client-id"))
                .filter(id -> id != null).distinct().toList();
    }

    private static Optional<Metric> metric(EosApp app, String group, String name) {
        Map<MetricName, ? extends Metric> all = app.kafkaMetrics();
        return all.entrySet().stream()
                .filter(e -> e.getKey().group().equals(group) && e.getKey().name().equals(name)
                        && e.getKey().tags().size() <= 3)
                .map(e -> (Metric) e.getValue())
                .findFirst();
    }

    private static double value(EosApp app, String group, String name) {
        Metric m = metric(app, group, name)
                .orElseThrow(() -> new AssertionError("no metric " + group + "/" + name + " in " + app.kafkaMetrics().keySet()));
        return ((Number) m.metricValue()).doubleValue();
    }
}
