package dev.eos.micrometer;

import dev.eos.EosApp;
import dev.eos.micrometer.internal.KafkaMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds an {@link EosApp}'s metrics to Micrometer: Eos's own ({@code eos.thread.process.total},
 * {@code eos.thread.commit.latency.avg}, {@code eos.task.records.lag.max}, ...) and those of every
 * Kafka client the app holds ({@code kafka.producer.record.send.total}, ...), tagged with
 * {@code application-id}, {@code thread-id} and, for task metrics, {@code task-id}. The binding
 * follows the app: every {@link #refreshInterval()} (and on {@link #refresh()}) it adds meters for
 * metrics that appeared (new tasks, clients recreated after fencing) and removes those that went
 * away. Close it to stop following and remove its meters.
 *
 * <pre>{@code
 * MeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
 * EosMetrics metrics = EosMetrics.of(app);
 * metrics.bindTo(registry);
 * ...
 * metrics.close();
 * }</pre>
 */
public final class EosMetrics implements MeterBinder, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EosMetrics.class);
    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(10);

    private final EosApp app;
    private final String applicationId;
    private final Duration refreshInterval;
    private final List<KafkaMeters> bindings = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService refresher;
    private boolean closed;

    private EosMetrics(EosApp app, String applicationId, Duration refreshInterval) {
        this.app = app;
        this.applicationId = applicationId;
        this.refreshInterval = refreshInterval;
    }

    /** A binding of {@code app}'s metrics that refreshes every 10 seconds. */
    public static EosMetrics of(EosApp app) {
        Objects.requireNonNull(app, "app");
        return new EosMetrics(app, app.applicationId(), DEFAULT_REFRESH);
    }

    /**
     * A copy that looks for new and gone metrics every {@code interval} (at least 100 ms).
     *
     * @throws IllegalArgumentException if the interval is shorter than 100 ms
     */
    public EosMetrics withRefreshInterval(Duration interval) {
        if (interval.toMillis() < 100) {
            throw new IllegalArgumentException("EosMetrics refresh interval must be at least 100 ms, got " + interval
                    + "; use refresh() to bring the meters up to date at once");
        }
        return new EosMetrics(app, applicationId, interval);
    }

    public Duration refreshInterval() {
        return refreshInterval;
    }

    /** Registers a meter for every numeric metric of the app now, and follows the app from then on. */
    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (closed) {
            throw new IllegalStateException("This EosMetrics is closed; create a new one with EosMetrics.of(app)");
        }
        KafkaMeters binding = new KafkaMeters(registry, applicationId);
        binding.sync(app.kafkaMetrics());
        bindings.add(binding);
        if (refresher == null) {
            refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "eos-metrics-" + applicationId);
                t.setDaemon(true);
                return t;
            });
            long ms = refreshInterval.toMillis();
            refresher.scheduleWithFixedDelay(this::refreshQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    /** Brings every bound registry up to date with the app's metrics now. */
    public void refresh() {
        var metrics = app.kafkaMetrics();
        for (KafkaMeters binding : bindings) {
            binding.sync(metrics);
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            log.warn("Eos app {}: refreshing the Micrometer meters failed; trying again in {}", applicationId,
                    refreshInterval, e);
        }
    }

    /** Stops following the app and removes the meters this binding added. */
    @Override
    public synchronized void close() {
        closed = true;
        if (refresher != null) {
            refresher.shutdownNow();
        }
        bindings.forEach(KafkaMeters::clear);
        bindings.clear();
    }
}
