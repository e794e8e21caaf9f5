package dev.eos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Micrometer binding and the ops endpoint against a running app on a real broker: meters
 * carry the app's real values, follow threads and clients as they come and go, and the endpoint
 * answers probes and scrapes.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EosMetricsIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int RECORDS = 500;

    @Test
    void shouldBindEosAndClientMetersWithRealValuesAndRemoveThemWhenTheAppCloses() throws Exception {
        String appId = KAFKA.uniqueTopic("micrometer-app");
        String in = input(appId);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EosApp app = app(appId, in); EosMetrics metrics = EosMetrics.of(app)) {
            metrics.bindTo(registry);
            assertThat(registry.find("eos.thread.process.total").meters()).as("no thread before start").isEmpty();
            app.start();
            await("every record committed, and the task's lag gauge bound", () -> {
                metrics.refresh();
                FunctionCounter c = registry.find("eos.thread.records.committed.total").functionCounter();
                // the thread refreshes task lags after the turn that may commit everything
                return c != null && c.count() == RECORDS && registry.find("eos.task.records.lag.max").gauge() != null;
            });
            FunctionCounter processed = registry.get("eos.thread.process.total")
                    .tag("application-id", appId).tag("thread-id", appId + "-thread-0").functionCounter();
            assertThat(processed.count()).isEqualTo(RECORDS);
            Gauge latency = registry.get("eos.thread.commit.latency.max").tag("thread-id", appId + "-thread-0").gauge();
            assertThat(latency.value()).isPositive();
            assertThat(registry.get("eos.task.records.lag.max").tag("task-id", "0_0").gauge().value()).isNotNegative();
            FunctionCounter sent = registry.get("kafka.producer.record.send.total")
                    .tag("client-id", appId + "-thread-0-producer")
                    .tag("thread-id", appId + "-thread-0").tag("application-id", appId).functionCounter();
            assertThat(sent.count()).as("the producer's own record-send-total").isGreaterThanOrEqualTo(RECORDS);
            assertThat(registry.find("kafka.consumer.fetch.manager.records.consumed.total")
                    .tag("client-id", appId + "-thread-0-consumer").functionCounters()).isNotEmpty();

            app.close();
            metrics.refresh();
            assertThat(registry.find("eos.thread.process.total").meters()).as("after close").isEmpty();
            assertThat(registry.find("kafka.producer.record.send.total").meters()).as("after close").isEmpty();
        }
    }

    @Test
    void shouldScrapeEosSeriesWithValuesInThePrometheusTextFormat() throws Exception {
        String appId = KAFKA.uniqueTopic("prometheus-app");
        String in = input(appId);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (EosApp app = app(appId, in); EosMetrics metrics = EosMetrics.of(app)) {
            metrics.bindTo(registry);
            app.start();
            String series = "eos_thread_records_committed_total{application_id=\"" + appId + "\",thread_id=\""
                    + appId + "-thread-0\"} " + (double) RECORDS;
            await("the scrape shows " + series, () -> {
                metrics.refresh();
                return registry.scrape().contains(series);
            });
            String scrape = registry.scrape();
            assertThat(scrape).contains("eos_thread_commit_latency_avg{").contains("kafka_producer_record_send_total{")
                    .contains("eos_app_alive_stream_threads{application_id=\"" + appId + "\"} 1.0");
        }
    }

    @Test
    void shouldAnswerProbesWith200Or503AndServeMetrics() throws Exception {
        String appId = KAFKA.uniqueTopic("endpoint-app");
        String in = input(appId);
        HttpClient http = HttpClient.newHttpClient();
        EosApp app = app(appId, in);
        try (OpsEndpoint ops = OpsEndpoint.start(app, OpsEndpointOptions.bindTo("127.0.0.1", 0)
                .withMetricsPath("/prometheus"))) {
            String base = "http://127.0.0.1:" + ops.address().getPort();
            HttpResponse<String> ready = get(http, base + "/health/ready");
            assertThat(ready.statusCode()).as("ready before start").isEqualTo(503);
            assertThat(ready.body()).startsWith("{\"status\":\"" + app.health().status() + "\",\"reasons\":[\"");
            assertThat(get(http, base + "/health/live").statusCode()).as("live before start")
                    .isEqualTo(app.health().isLive() ? 200 : 503);

            app.start();
            assertThat(app.awaitState(AppState.RUNNING, TIMEOUT)).isTrue();
            await("ready answers 200", () -> get(http, base + "/health/ready").statusCode() == 200);
            assertThat(get(http, base + "/health/live").statusCode()).as("live while running").isEqualTo(200);
            assertThat(get(http, base + "/health/ready").body()).isEqualTo("{\"status\":\"UP\",\"reasons\":[]}");
            await("/prometheus shows every record committed", () -> get(http, base + "/prometheus").body()
                    .contains("eos_thread_records_committed_total{application_id=\"" + appId + "\",thread_id=\""
                            + appId + "-thread-0\"} " + (double) RECORDS));
            HttpResponse<String> metrics = get(http, base + "/prometheus");
            assertThat(metrics.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
            assertThat(get(http, base + "/metrics").statusCode()).as("the default path was moved").isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "/health/live"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);

            app.close();
            HttpResponse<String> live = get(http, base + "/health/live");
            assertThat(live.statusCode()).as("live after close").isEqualTo(503);
            assertThat(live.body()).startsWith("{\"status\":\"DOWN\"");
            assertThat(get(http, base + "/health/ready").statusCode()).isEqualTo(503);
        } finally {
            app.close();
        }
    }

    private static EosApp app(String appId, String in) {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String out = appId + "-out";
        kafka.createTopic(out, 1);
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String())).mapValues(String::length)
                .to(out, Produced.with(Serdes.String(), Serdes.Integer()));
        EosConfig config = EosConfig.builder().applicationId(appId).bootstrapServers(kafka.bootstrapServers())
                .set(EosConfig.COMMIT_INTERVAL_MS, 100).build();
        return EosApp.create(builder.build(), config);
    }

    /** A one-partition topic with {@value #RECORDS} records. */
    private static String input(String appId) {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = appId + "-in";
        kafka.createTopic(in, 1);
        var config = kafka.clientConfig();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                sent.add(producer.send(new ProducerRecord<>(in, "k" + i % 10, "value-" + i)));
            }
            producer.flush();
            for (var f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new AssertionError("producing the input failed", e);
        }
        return in;
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static void await(String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Timed out after " + TIMEOUT + " waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
