package dev.eos.micrometer.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eos.Health;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * Answers a liveness or readiness probe: 200 if the app is live (or ready), else 503, with the
 * health as JSON: {@code {"status":"UP","reasons":[]}}.
 */
public final class HealthHandler implements HttpHandler {
    private final Supplier<Health> health;
    private final boolean liveness;

    public HealthHandler(Supplier<Health> health, boolean liveness) {
        this.health = health;
        this.liveness = liveness;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!Http.allowGetOrHead(exchange)) {
                return;
            }
            Health h = health.get();
            boolean ok = liveness ? h.isLive() : h.isReady();
            Http.respond(exchange, ok ? 200 : 503, "application/json", json(h).getBytes(StandardCharsets.UTF_8));
        }
    }

    static String json(Health health) {
        StringBuilder out = new StringBuilder("{\"status\":\"").append(health.status().name()).append("\",\"reasons\":[");
        for (int i = 0; i < health.reasons().size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('"');
            escape(health.reasons().get(i), out);
            out.append('"');
        }
        return out.append("]}").toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }
}
