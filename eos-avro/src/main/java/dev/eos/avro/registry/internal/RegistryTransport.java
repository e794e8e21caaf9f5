package dev.eos.avro.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.avro.registry.SchemaRegistryException;
import dev.eos.avro.registry.SchemaRegistryUnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one REST request to the registry and returns the JSON answer, or throws.
 *
 * <p>Protocol for one request:
 * <ol>
 *   <li>Try the URLs in turn, starting with the one that answered last; a connection error or
 *       timeout moves on to the next URL.</li>
 *   <li>An answer 2xx with a JSON body returns it. A registry's own refusal throws
 *       {@link SchemaRegistryException}: a 4xx whose body carries a registry error code (40401
 *       subject not found, 40403 schema not found, 42201 invalid schema, ...) and every 409 and 422.</li>
 *   <li>Anything else means the registry is not reachable as configured, for now: 5xx, 408, 429,
 *       401 and 403 (credentials being rotated, an authentication back-end down), a 404 without a
 *       registry error code (an ingress answering while the registry is not ready, or a wrong path
 *       prefix), a redirect (never followed: it could carry the credentials to another host), a
 *       2xx that is not JSON (a proxy's page), a failed TLS handshake (a registry or load balancer
 *       restarting) and every connection error or timeout. Wait ({@code retries.wait.ms}, doubled
 *       each time up to {@code retries.max.wait.ms}) and go to step 1, at most {@code max.retries}
 *       times.</li>
 *   <li>Then throw {@link SchemaRegistryUnavailableException} (retriable), naming the last problem.</li>
 * </ol>
 * Only the registry's own refusals are final: inside Eos a serde's non-retriable error sends the
 * record to the error handler (a dead letter, say), so an outage or a misconfiguration must never
 * look like one; the app waits instead, and the warnings name the problem.
 * Credentials go only into the {@code Authorization} header, never into a URL, log or message.
 */
public final class RegistryTransport implements AutoCloseable {
    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger log = LoggerFactory.getLogger(RegistryTransport.class);

    private final SchemaRegistryClientConfig config;
    private final List<URI> urls;
    private final HttpClient http;
    private final String authorization;
    private final Sleeper sleeper;
    private volatile int preferred;

    /** Waits between attempts; tests may replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    public RegistryTransport(SchemaRegistryClientConfig config) {
        this(config, Thread::sleep);
    }

    public RegistryTransport(SchemaRegistryClientConfig config, Sleeper sleeper) {
        this.config = config;
        this.urls = config.urls();
        this.sleeper = sleeper;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        SSLContext ssl = TlsContexts.from(config);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.authorization = config.basicAuthUserInfo()
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)))
                .orElse(null);
    }

    /** GET {@code path} (starting with {@code /}, already encoded). */
    public JsonNode get(String path) {
        return send("GET", path, null);
    }

    public JsonNode post(String path, String json) {
        return send("POST", path, json);
    }

    public JsonNode put(String path, String json) {
        return send("PUT", path, json);
    }

    /** Where a request for {@code path} goes first, for messages: no credentials. */
    public String describe(String path) {
        return urls.get(preferred) + path;
    }

    private JsonNode send(String method, String path, String body) {
        Exception lastFailure = null;
        String lastProblem = null;
        long backoff = config.retryBackoff().toMillis();
        for (int attempt = 0; attempt <= config.maxRetries(); attempt++) {
            if (attempt > 0) {
                log.warn("Schema registry request {} {} failed ({}); retry {} of {} in {} ms "
                                + "(max.retries={}, retries.wait.ms={})", method, path, lastProblem, attempt,
                        config.maxRetries(), backoff, config.maxRetries(), config.retryBackoff().toMillis());
                pause(backoff);
                backoff = Math.min(Math.max(1, backoff * 2), config.retryBackoffMax().toMillis());
            }
            int start = preferred;
            for (int i = 0; i < urls.size(); i++) {
                int index = (start + i) % urls.size();
                String url = urls.get(index) + path;
                HttpResponse<String> response;
                try {
                    response = http.send(request(method, url, body), HttpResponse.BodyHandlers.ofString());
                } catch (SSLException e) {
                    lastFailure = e;
                    lastProblem = url + ": TLS handshake failed (" + describe(e) + "); check "
                            + SchemaRegistryClientConfig.SSL_TRUSTSTORE_LOCATION
                            + " (it must trust the registry's certificate) and, for mutual TLS, "
                            + SchemaRegistryClientConfig.SSL_KEYSTORE_LOCATION;
                    continue;
                } catch (IOException e) {
                    lastFailure = e;
                    lastProblem = url + ": " + describe(e);
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptException("Interrupted while calling the schema registry at " + url, e);
                }
                int status = response.statusCode();
                preferred = index;
                if (status >= 200 && status < 300) {
                    try {
                        return RegistryJson.parse(response.body(), url);
                    } catch (SchemaRegistryException notJson) {
                        lastFailure = notJson;
                        lastProblem = notJson.getMessage();
                        break;
                    }
                }
                if (RegistryJson.isRegistryRefusal(status, response.body())) {
                    throw RegistryJson.error(method, url, status, response.body());
                }
                lastFailure = null;
                lastProblem = url + ": HTTP " + status + " " + RegistryJson.errorMessage(response.body())
                        + hint(status, response);
                break;
            }
        }
        throw new SchemaRegistryUnavailableException("Schema registry unavailable: " + method + " " + path
                + " failed on " + urls + " after " + (config.maxRetries() + 1) + " attempts (" + SchemaRegistryClientConfig.MAX_RETRIES
                + "=" + config.maxRetries() + "); last: " + lastProblem + ". The request is retriable once the "
                + "registry answers; check that " + SchemaRegistryClientConfig.URL + " is right and the registry is up",
                lastFailure);
    }

    private HttpRequest request(String method, String url, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", CONTENT_TYPE);
            b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        }
        return b.build();
    }

    private void pause(long millis) {
        try {
            sleeper.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException("Interrupted while waiting to retry the schema registry", e);
        }
    }

    private static String hint(int status, HttpResponse<String> response) {
        if (status == 401 || status == 403) {
            return " (the registry refused the credentials: check " + SchemaRegistryClientConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                    + " and " + SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO + ")";
        }
        if (status >= 300 && status < 400) {
            return " (redirected to " + response.headers().firstValue("Location").orElse("?")
                    + "; put the final URL in " + SchemaRegistryClientConfig.URL + ")";
        }
        if (status == 404) {
            return " (not an answer of a schema registry: check the path in " + SchemaRegistryClientConfig.URL
                    + "; Apicurio's is /apis/ccompat/v7)";
        }
        return "";
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + m);
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from Java 21; its threads end with the client on 17.
        if (http instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                log.debug("Closing the registry's HTTP client failed", e);
            }
        }
    }
}
