package dev.eos.testkit.registry;

import com.sun.net.httpserver.HttpServer;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.registry.internal.BasicCredentials;
import dev.eos.testkit.registry.internal.Registry;
import dev.eos.testkit.registry.internal.RestHandler;
import dev.eos.testkit.registry.internal.SchemaLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A schema registry for tests and demos, inside the test JVM: an HTTP server on
 * {@code 127.0.0.1} speaking the subset of the Confluent Schema Registry REST API that serdes
 * use, with its schemas kept in a compacted topic of an {@link EmbeddedKafkaCluster}. A new
 * registry on the same cluster and topic reads that topic to its end before serving, so schema
 * ids survive a restart, as with a real registry.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
 *      EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(kafka).start()) {
 *     Map<String, Object> serdeConfig = registry.serdeConfig();   // schema.registry.url=http://127.0.0.1:port
 *     // ... configure GenericAvroSerde with serdeConfig, run the pipeline ...
 *     registry.stop();     // the registry is down: connections are refused
 *     registry.start();    // back on the same URL, with the same schemas
 * }
 * }</pre>
 *
 * <p>Served: {@code POST /subjects/{s}/versions} (register), {@code POST /subjects/{s}}
 * (look up), {@code GET /schemas/ids/{id}}, {@code GET /schemas/types}, {@code GET /subjects},
 * {@code GET /subjects/{s}/versions}, {@code GET /subjects/{s}/versions/{v|latest}[/schema]},
 * {@code DELETE /subjects/{s}} (soft delete: ids keep resolving),
 * {@code POST /compatibility/subjects/{s}/versions/{v|latest}[?verbose=true]},
 * {@code GET|PUT /config}, {@code GET|PUT|DELETE /config/{s}} ({@code ?defaultToGlobal=true}).
 * Answers are {@code application/vnd.schemaregistry.v1+json}; errors are
 * {@code {"error_code":..,"message":..}} with Confluent's codes (40401 subject not found, 40402
 * version not found, 40403 schema not found, 40408 no subject-level config, 409 incompatible,
 * 42201 invalid schema, 42203 invalid compatibility level, 401 unauthorized).
 *
 * <p>Semantics: the same schema registered again under a subject returns its id and version;
 * under another subject it gets the same id. A new version must pass the subject's
 * compatibility level (default {@code BACKWARD}) against the subject's earlier versions, checked
 * by {@link dev.eos.avro.compat.CompatibilityRules}; a refusal is HTTP 409 naming the subject,
 * the level and the field. Only Avro schemas; no schema references.
 *
 * <p>Needs eos-avro (and so Apache Avro) on the test classpath. One registry writes a topic at a
 * time. Thread-safe.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final EmbeddedKafkaCluster kafka;
    private final String topic;
    private final BasicCredentials credentials;
    private final String password;
    private final SchemaLog schemaLog;
    private int port;
    private HttpServer server;
    private ExecutorService executor;
    private boolean closed;

    private EmbeddedSchemaRegistry(Builder builder) {
        this.kafka = builder.kafka;
        this.topic = builder.topic;
        this.credentials = builder.user == null ? null : new BasicCredentials(builder.user, builder.password);
        this.password = builder.password;
        this.port = builder.port;
        ensureTopic();
        this.schemaLog = new SchemaLog(topic, kafka.clientConfig());
    }

    /** A builder for a registry keeping its schemas in {@code kafka}. */
    public static Builder builder(EmbeddedKafkaCluster kafka) {
        return new Builder(kafka);
    }

    /** Starts a registry with the defaults: topic {@code _schemas}, no authentication, a free port. */
    public static EmbeddedSchemaRegistry start(EmbeddedKafkaCluster kafka) {
        return builder(kafka).start();
    }

    /**
     * Serves again after {@link #stop()}, on the same port (so the same {@link #url()}), with the
     * state read again from the topic. Does nothing if it is running.
     *
     * @throws IllegalStateException if closed
     * @throws UncheckedIOException if the port cannot be bound
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("This embedded schema registry is closed; build a new one with"
                    + " EmbeddedSchemaRegistry.builder(kafka)");
        }
        if (server != null) {
            return;
        }
        Registry registry = Registry.load(schemaLog);
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            int instance = INSTANCES.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "eos-schema-registry-" + instance + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(executor);
            http.createContext("/", new RestHandler(registry, credentials));
            http.start();
            server = http;
            port = http.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not bind the embedded schema registry to 127.0.0.1:" + port, e);
        }
        log.info("Embedded schema registry serving {} from topic '{}'", url(), topic);
    }

    /**
     * Stops serving: connections to {@link #url()} are refused until {@link #start()}. The
     * schemas stay in the topic.
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        server = null;
        executor = null;
        log.info("Embedded schema registry on port {} stopped", port);
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code http://127.0.0.1:<port>}; the same across {@link #stop()} and {@link #start()}. */
    public synchronized String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The compacted topic holding the schemas. */
    public String topic() {
        return topic;
    }

    /**
     * The serde settings to reach this registry, in the Confluent keys Eos's serdes read:
     * {@code schema.registry.url}, and with basic auth {@code basic.auth.credentials.source=USER_INFO}
     * and {@code basic.auth.user.info}. A new mutable map.
     */
    public synchronized Map<String, Object> serdeConfig() {
        Map<String, Object> config = new HashMap<>();
        config.put("schema.registry.url", url());
        if (credentials != null) {
            config.put("basic.auth.credentials.source", "USER_INFO");
            config.put("basic.auth.user.info", credentials.user() + ":" + password);
        }
        return config;
    }

    /** Stops serving and closes the topic's producer; the topic and its schemas stay. */
    @Override
    public synchronized void close() {
        stop();
        if (!closed) {
            closed = true;
            schemaLog.close();
        }
    }

    @Override
    public synchronized String toString() {
        return "EmbeddedSchemaRegistry[url=" + url() + ", topic=" + topic + ", running=" + (server != null)
                + (credentials == null ? "" : ", basicAuthUser=" + credentials.user()) + "]";
    }

    private void ensureTopic() {
        if (!kafka.topicNames().contains(topic)) {
            int replication = Math.min(3, kafka.brokerIds().size());
            kafka.createTopic(topic, 1, replication, Map.of("cleanup.policy", "compact"));
        }
    }

    /**
     * Options of an {@link EmbeddedSchemaRegistry}; {@link #start()} builds and starts it.
     *
     * <pre>{@code
     * EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder(kafka)
     *         .topic("_schemas_orders")
     *         .basicAuth("registry-user", "registry-secret")
     *         .start();
     * }</pre>
     */
    public static final class Builder {
        private final EmbeddedKafkaCluster kafka;
        private String topic = "_schemas";
        private String user;
        private String password;
        private int port;

        private Builder(EmbeddedKafkaCluster kafka) {
            this.kafka = Objects.requireNonNull(kafka, "kafka");
        }

        /** The compacted topic holding the schemas (default {@code _schemas}); created if absent. */
        public Builder topic(String topic) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("topic must be a topic name, was '" + topic + "'");
            }
            this.topic = topic;
            return this;
        }

        /** Requires HTTP basic authentication with this user and password (401 without it). */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isEmpty() || user.contains(":") || password == null) {
                throw new IllegalArgumentException("basicAuth needs a non-empty user without ':' and a password; user was '"
                        + user + "'");
            }
            this.user = user;
            this.password = password;
            return this;
        }

        /** The port to serve on (default 0: a free port chosen at the first start). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (any free port) or 1..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Creates the topic if absent, reads it to its end and starts serving.
         *
         * @throws UncheckedIOException if the port cannot be bound
         */
        public EmbeddedSchemaRegistry start() {
            requireEosAvro();
            EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(this);
            try {
                registry.start();
            } catch (RuntimeException e) {
                registry.close();
                throw e;
            }
            return registry;
        }

        /** eos-avro is an optional dependency of eos-testkit: say so instead of a NoClassDefFoundError. */
        private static void requireEosAvro() {
            try {
                Class.forName("dev.eos.avro.compat.CompatibilityRules", false, Builder.class.getClassLoader());
                Class.forName("org.apache.avro.Schema", false, Builder.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("EmbeddedSchemaRegistry needs eos-avro (and Apache Avro) on the test"
                        + " classpath, which does not have " + e.getMessage() + "; add the dependency dev.eos:eos-avro"
                        + " (test scope is enough)", e);
            }
        }

        @Override
        public String toString() {
            return "EmbeddedSchemaRegistry.Builder[topic=" + topic + ", port=" + port
                    + (user == null ? "" : ", basicAuthUser=" + user) + "]";
        }
    }
}
