package dev.eos.micrometer.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Serves a scrape of a {@link PrometheusMeterRegistry} in the Prometheus text format, meters refreshed first. */
public final class PrometheusHandler implements HttpHandler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Runnable refresh;

    public PrometheusHandler(PrometheusMeterRegistry registry, Runnable refresh) {
        this.registry = registry;
        this.refresh = refresh;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!Http.allowGetOrHead(exchange)) {
                return;
            }
            refresh.run();
            Http.respond(exchange, 200, CONTENT_TYPE, registry.scrape().getBytes(StandardCharsets.UTF_8));
        }
    }
}
