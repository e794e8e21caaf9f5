package dev.eos.testkit.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.SchemaIncompatibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST subset over {@link Registry}: parses paths and JSON bodies,
 * answers in {@code application/vnd.schemaregistry.v1+json}, maps {@link RegistryError} to
 * {@code {"error_code":..,"message":..}} with the matching HTTP status.
 */
public final class RestHandler implements HttpHandler {
    private static final Logger log = LoggerFactory.getLogger(RestHandler.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Registry registry;
    private final BasicCredentials credentials;

    /** @param credentials null: no authentication */
    public RestHandler(Registry registry, BasicCredentials credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                if (credentials != null && !credentials.accepts(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"eos-embedded-schema-registry\"");
                    throw new RegistryError(401, "Unauthorized: this registry requires HTTP basic authentication"
                            + " (basic.auth.credentials.source=USER_INFO, basic.auth.user.info=<user>:<password>)");
                }
                respond(exchange, 200, route(exchange));
            } catch (RegistryError e) {
                respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
            } catch (RuntimeException e) {
                log.warn("Embedded schema registry failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawPath(), e);
                respond(exchange, 500, error(50001, "Error in the embedded schema registry: " + e));
            }
        }
    }

    private JsonNode route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = segments(exchange.getRequestURI().getRawPath());
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        int n = path.size();
        String first = n > 0 ? path.get(0) : "";
        if (n == 0 && method.equals("GET")) {
            return JSON.createObjectNode();
        }
        if (first.equals("subjects")) {
            if (n == 1 && method.equals("GET")) {
                return strings(registry.subjects());
            }
            String subject = path.get(1);
            if (n == 2 && method.equals("POST")) {
                JsonNode body = body(exchange);
                return describe(registry.lookup(subject, text(body, "schema"), text(body, "schemaType")));
            }
            if (n == 2 && method.equals("DELETE")) {
                return ints(registry.deleteSubject(subject));
            }
            if (n >= 3 && path.get(2).equals("versions")) {
                if (n == 3 && method.equals("POST")) {
                    JsonNode body = body(exchange);
                    SchemaEntry entry = registry.register(subject, text(body, "schema"), text(body, "schemaType"));
                    return JSON.createObjectNode().put("id", entry.id());
                }
                if (n == 3 && method.equals("GET")) {
                    return ints(registry.versions(subject));
                }
                if (n == 4 && method.equals("GET")) {
                    return describe(registry.version(subject, path.get(3)));
                }
                if (n == 5 && method.equals("GET") && path.get(4).equals("schema")) {
                    return JSON.readTree(registry.version(subject, path.get(3)).canonical());
                }
            }
        }
        if (first.equals("schemas") && n == 2 && path.get(1).equals("types") && method.equals("GET")) {
            return strings(List.of("AVRO"));
        }
        if (first.equals("schemas") && n == 3 && path.get(1).equals("ids") && method.equals("GET")) {
            return JSON.createObjectNode().put("schema", registry.schemaById(id(path.get(2))).toString());
        }
        if (first.equals("compatibility") && n == 5 && path.get(1).equals("subjects")
                && path.get(3).equals("versions") && method.equals("POST")) {
            JsonNode body = body(exchange);
            CompatibilityReport report = registry.testCompatibility(path.get(2), path.get(4),
                    text(body, "schema"), text(body, "schemaType"));
            ObjectNode answer = JSON.createObjectNode().put("is_compatible", report.compatible());
            if (Boolean.parseBoolean(query.get("verbose"))) {
                ArrayNode messages = answer.putArray("messages");
                report.incompatibilities().stream().map(SchemaIncompatibility::describe).forEach(messages::add);
            }
            return answer;
        }
        if (first.equals("config") && (n == 1 || n == 2)) {
            return config(exchange, method, n == 2 ? path.get(1) : null, query);
        }
        throw new RegistryError(404, "HTTP 404 Not Found: " + method + " " + exchange.getRequestURI().getRawPath()
                + " is not served by the embedded schema registry");
    }

    private JsonNode config(HttpExchange exchange, String method, String subject, Map<String, String> query)
            throws IOException {
        switch (method) {
            case "GET" -> {
                CompatibilityLevel level = subject == null ? registry.globalLevel()
                        : Boolean.parseBoolean(query.get("defaultToGlobal")) ? registry.effectiveLevel(subject)
                        : registry.subjectLevel(subject).orElseThrow(() -> new RegistryError(40408,
                                "Subject '" + subject + "' does not have subject-level compatibility configured"));
                return JSON.createObjectNode().put("compatibilityLevel", level.name());
            }
            case "PUT" -> {
                String value = text(body(exchange), "compatibility");
                CompatibilityLevel level;
                try {
                    level = CompatibilityLevel.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new RegistryError(42203, "Invalid compatibility level: " + e.getMessage());
                }
                registry.setLevel(subject, level);
                return JSON.createObjectNode().put("compatibility", level.name());
            }
            case "DELETE" -> {
                if (subject == null) {
                    break;
                }
                CompatibilityLevel previous = registry.subjectLevel(subject).orElseThrow(
                        () -> RegistryError.subjectNotFound(subject));
                registry.setLevel(subject, null);
                return JSON.createObjectNode().put("compatibilityLevel", previous.name());
            }
            default -> {
                // answered below
            }
        }
        throw new RegistryError(405, "HTTP 405 Method Not Allowed: " + method + " on /config");
    }

    private static ObjectNode describe(SchemaEntry entry) {
        return JSON.createObjectNode().put("subject", entry.subject()).put("version", entry.version())
                .put("id", entry.id()).put("schema", entry.canonical());
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase().contains("json")) {
            throw new RegistryError(415, "HTTP 415 Unsupported Media Type: " + type + "; send " + CONTENT_TYPE
                    + " or application/json");
        }
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode body = JSON.readTree(in.readAllBytes());
            if (body == null || !body.isObject()) {
                throw new RegistryError(400, "The request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new RegistryError(400, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static int id(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw RegistryError.schemaNotFound("'" + text + "' is not a schema id");
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ArrayNode ints(List<Integer> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw));
            }
        }
        return segments;
    }

    private static Map<String, String> query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        return Arrays.stream(rawQuery.split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> decode(p[0]), p -> p.length > 1 ? decode(p[1]) : "", (a, b) -> b));
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
