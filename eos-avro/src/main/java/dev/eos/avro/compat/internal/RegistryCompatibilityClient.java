package dev.eos.avro.compat.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import dev.eos.avro.compat.RegistryVerdict;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The one registry call the schema-folder check needs: the Confluent REST compatibility test,
 * {@code POST {url}/compatibility/subjects/{subject}/versions/latest?verbose=true} with
 * {@code {"schema": "..."}}. No retries, no caching: one call per subject per CI run. Basic-auth
 * credentials go into the request header only, never into a message.
 */
public final class RegistryCompatibilityClient {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Optional<String> authorization;
    private final Duration timeout;
    private final HttpClient http;

    public RegistryCompatibilityClient(URI baseUrl, Optional<String> userInfo, Duration timeout) {
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.authorization = userInfo.map(u -> "Basic "
                + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public RegistryVerdict check(String subject, int version, Schema schema) {
        URI uri = URI.create(baseUrl + "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true");
        try {
            String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema.toString()));
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout)
                    .header("Content-Type", CONTENT_TYPE).header("Accept", CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            authorization.ifPresent(a -> request.header("Authorization", a));
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return interpret(subject, version, schema, uri, response.statusCode(), response.body());
        } catch (IOException e) {
            return failed(subject, version, "cannot reach the registry at " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + "; check --registry-url and the network");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(subject, version, "interrupted while asking " + uri);
        }
    }

    private RegistryVerdict interpret(String subject, int version, Schema schema, URI uri, int status, String body) {
        Optional<JsonNode> json = parse(body);
        if (status == 200) {
            JsonNode verdict = json.map(j -> j.get("is_compatible")).orElse(null);
            if (verdict == null || !verdict.isBoolean()) {
                return failed(subject, version, "HTTP 200 from " + uri + " without 'is_compatible'; is the URL"
                        + " a Confluent-compatible registry (for Apicurio add /apis/ccompat/v7)?");
            }
            if (verdict.booleanValue()) {
                return new RegistryVerdict(subject, version, RegistryVerdict.Outcome.COMPATIBLE, List.of());
            }
            List<String> messages = new ArrayList<>();
            json.map(j -> j.get("messages")).ifPresent(m -> m.forEach(n -> messages.add(n.asText())));
            if (messages.isEmpty()) {
                messages.addAll(explainLocally(subject, schema));
            }
            if (messages.isEmpty()) {
                messages.add("the registry gave no reason");
            }
            return new RegistryVerdict(subject, version, RegistryVerdict.Outcome.INCOMPATIBLE, messages);
        }
        int errorCode = json.map(j -> j.path("error_code").asInt(0)).orElse(0);
        String message = json.map(j -> j.path("message").asText("")).orElse("");
        if (status == 404 && (errorCode == 40401 || errorCode == 40402)) {
            return new RegistryVerdict(subject, version, RegistryVerdict.Outcome.NEW_SUBJECT, List.of());
        }
        if (status == 404) {
            return failed(subject, version, "HTTP 404 from " + uri + " without a registry error code; is the URL"
                    + " the registry's base (for Apicurio add /apis/ccompat/v7)?");
        }
        if (status == 401 || status == 403) {
            return failed(subject, version, "the registry refused the credentials (HTTP " + status + ");"
                    + " set SCHEMA_REGISTRY_USER_INFO=user:password with a user allowed to read the subject");
        }
        String detail = !message.isEmpty() ? message : truncate(body);
        return failed(subject, version, "HTTP " + status + (errorCode != 0 ? " (error_code " + errorCode + ")" : "")
                + " from " + uri + ": " + detail);
    }

    /**
     * Some registries (Apicurio's ccompat API) refuse without a reason: read the subject's rule and
     * versions from the registry and run the same rules locally, so the report still names the
     * field. Empty if any of that cannot be read.
     */
    private List<String> explainLocally(String subject, Schema schema) {
        String s = encode(subject);
        Optional<JsonNode> config = get("/config/" + s + "?defaultToGlobal=true").or(() -> get("/config"));
        String levelName = config.map(c -> c.hasNonNull("compatibilityLevel") ? c.get("compatibilityLevel").asText()
                : c.path("compatibility").asText("BACKWARD")).orElse("BACKWARD");
        Optional<JsonNode> versions = get("/subjects/" + s + "/versions");
        if (versions.isEmpty() || !versions.get().isArray()) {
            return List.of();
        }
        try {
            CompatibilityLevel level = CompatibilityLevel.parse(levelName);
            Map<Integer, Schema> earlier = new TreeMap<>();
            for (JsonNode v : versions.get()) {
                Optional<JsonNode> registered = get("/subjects/" + s + "/versions/" + v.asInt());
                if (registered.isEmpty() || !registered.get().hasNonNull("schema")) {
                    return List.of();
                }
                earlier.put(v.asInt(), new Schema.Parser().parse(registered.get().get("schema").asText()));
            }
            CompatibilityReport report = CompatibilityRules.check(level, schema, earlier);
            return report.incompatibilities().stream()
                    .map(i -> i.describe() + " (worked out here from the registry's versions and its rule " + level + ")")
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private Optional<JsonNode> get(String path) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(timeout)
                    .header("Accept", CONTENT_TYPE).GET();
            authorization.ifPresent(a -> request.header("Authorization", a));
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return response.statusCode() == 200 ? parse(response.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static Optional<JsonNode> parse(String body) {
        try {
            return Optional.ofNullable(JSON.readTree(body));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static RegistryVerdict failed(String subject, int version, String message) {
        return new RegistryVerdict(subject, version, RegistryVerdict.Outcome.FAILED, List.of(message));
    }

    private static String truncate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
