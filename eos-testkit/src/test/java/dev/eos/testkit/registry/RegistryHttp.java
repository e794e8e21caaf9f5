package dev.eos.testkit.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** Raw REST calls to a registry with the JDK's HttpClient, as a serde's client would make them. */
final class RegistryHttp {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Answer(int status, JsonNode body, String contentType) {
        int errorCode() {
            return body.path("error_code").asInt();
        }

        String message() {
            return body.path("message").asText();
        }
    }

    private final String url;
    private final String authorization;

    private RegistryHttp(String url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    static RegistryHttp to(EmbeddedSchemaRegistry registry) {
        return new RegistryHttp(registry.url(), null);
    }

    RegistryHttp withBasicAuth(String user, String password) {
        return new RegistryHttp(url, "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    Answer delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Answer put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** {@code {"schema": "<schema as a JSON string>"}}, the body of register, look up and compatibility calls. */
    static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    int register(String subject, String schema) throws IOException, InterruptedException {
        Answer answer = post("/subjects/" + subject + "/versions", schemaBody(schema));
        if (answer.status() != 200) {
            throw new AssertionError("register under " + subject + " answered " + answer);
        }
        return answer.body().get("id").asInt();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
        return new Answer(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
    }
}
