package dev.eos.testkit.kafka;

import dev.eos.testkit.kafka.internal.KraftTestKitBackend;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How {@link EmbeddedKafkaCluster#startSecured(SecurityOptions)} starts a secured cluster:
 * how many brokers, and broker configs on top of the test and security defaults. Immutable;
 * every {@code with...} method returns a new instance.
 *
 * <p>A secured cluster always has two client listeners: SASL_PLAINTEXT (PLAIN and
 * SCRAM-SHA-256) and SASL_SSL (SCRAM-SHA-256 only, a self-signed certificate for
 * {@code localhost} made with the JDK's {@code keytool}); the {@code StandardAuthorizer} with
 * {@code allow.everyone.if.no.acl.found=false}. See {@link ClusterSecurity} for users and ACLs.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.startSecured(
 *         SecurityOptions.defaults().withBrokerConfig("log.segment.bytes", "1048576"))) {
 *     kafka.security().addScramUser("orders-app", "orders-secret");
 *     ...
 * }
 * }</pre>
 */
public final class SecurityOptions {
    private final int brokers;
    private final Map<String, String> brokerConfig;

    private SecurityOptions(int brokers, Map<String, String> brokerConfig) {
        this.brokers = brokers;
        this.brokerConfig = brokerConfig;
    }

    /** One broker, no broker config overrides. */
    public static SecurityOptions defaults() {
        return new SecurityOptions(1, Map.of());
    }

    /**
     * These options with {@code brokers} nodes.
     *
     * @throws IllegalArgumentException if {@code brokers < 1}
     */
    public SecurityOptions withBrokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        return new SecurityOptions(brokers, brokerConfig);
    }

    /**
     * These options with one more broker config on every node, applied last (it may replace a
     * security default such as {@code allow.everyone.if.no.acl.found}).
     *
     * @throws IllegalArgumentException if the key is managed by the cluster (listeners,
     *     directories, node ids and roles)
     */
    public SecurityOptions withBrokerConfig(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        KraftTestKitBackend.checkBrokerConfig(Map.of(key, value));
        Map<String, String> config = new TreeMap<>(brokerConfig);
        config.put(key, value);
        return new SecurityOptions(brokers, Map.copyOf(config));
    }

    /** The number of brokers. */
    public int brokers() {
        return brokers;
    }

    /** The broker config overrides, unmodifiable. */
    public Map<String, String> brokerConfig() {
        return brokerConfig;
    }

    @Override
    public String toString() {
        return "SecurityOptions[brokers=" + brokers + ", brokerConfig=" + new TreeMap<>(brokerConfig) + "]";
    }
}
