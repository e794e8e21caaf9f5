package dev.eos.micrometer;

import dev.eos.EosApp;
import dev.eos.micrometer.internal.HealthHandler;
import dev.eos.micrometer.internal.PrometheusHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small HTTP endpoint for operators (the JDK's {@code HttpServer}, no framework), off until
 * started:
 * <ul>
 *   <li>{@code /health/live}: 200 while {@code app.health().isLive()}, else 503;</li>
 *   <li>{@code /health/ready}: 200 while {@code app.health().isReady()}, else 503;</li>
 *   <li>{@code /metrics}: the app's metrics and its clients' in the Prometheus text format.</li>
 * </ul>
 * Health answers are JSON: {@code {"status":"REBALANCING","reasons":["The app is REBALANCING."]}}.
 * Closing the endpoint stops the server; closing the app does not (the endpoint then reports DOWN).
 *
 * <pre>{@code
 * try (EosApp app = EosApp.create(pipeline, config);
 *      OpsEndpoint ops = OpsEndpoint.start(app, OpsEndpointOptions.bindTo("0.0.0.0", 9464))) {
 *     app.start();
 *     ...
 * }
 * }</pre>
 */
public final class OpsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final EosMetrics metrics;
    private final PrometheusMeterRegistry registry;

    private OpsEndpoint(HttpServer server, ExecutorService executor, EosMetrics metrics,
                        PrometheusMeterRegistry registry) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.registry = registry;
    }

    /**
     * Binds Eos's meters to the options' registry (or a new one) and starts serving.
     *
     * @throws UncheckedIOException if the address cannot be bound (in use, say); nothing is left running
     */
    public static OpsEndpoint start(EosApp app, OpsEndpointOptions options) {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(options, "options");
        PrometheusMeterRegistry registry = options.registry()
                .orElseGet(() -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        HttpServer server;
        try {
            server = HttpServer.create(options.address(), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("The ops endpoint of Eos app " + app.applicationId() + " cannot listen on "
                    + options.address() + " (" + e.getMessage() + "); choose a free address in OpsEndpointOptions.bindTo", e);
        }
        EosMetrics metrics = EosMetrics.of(app);
        metrics.bindTo(registry);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "eos-ops-endpoint-" + app.applicationId());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext(options.livePath(), new HealthHandler(app::health, true));
        server.createContext(options.readyPath(), new HealthHandler(app::health, false));
        server.createContext(options.metricsPath(), new PrometheusHandler(registry, metrics::refresh));
        server.start();
        log.info("Eos app {}: ops endpoint listening on {} ({})", app.applicationId(), server.getAddress(), options);
        return new OpsEndpoint(server, executor, metrics, registry);
    }

    /** The address the endpoint listens on (with the port chosen if the options said 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** The registry {@code /metrics} serves. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the server and removes Eos's meters from the registry. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        metrics.close();
    }
}
