package dev.eos.testkit.kafka;

import dev.eos.testkit.kafka.internal.KraftTestKitBackend;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class one {@link EmbeddedKafkaCluster}, started before its first test and closed
 * after its last. Register it on a <em>static</em> field; tests share the cluster, so give each
 * test its own topics with {@link #uniqueTopic(String)}.
 *
 * <pre>{@code
 * class OrderPipelineIT {
 *     @RegisterExtension
 *     static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.withBrokers(3)
 *             .withBrokerConfig("log.segment.bytes", "1048576");
 *
 *     @Test
 *     void shouldDoSomething(EmbeddedKafkaCluster kafka) {
 *         String topic = KAFKA.uniqueTopic("orders");
 *         kafka.createTopic(topic, 2);
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>Test and lifecycle methods may declare an {@link EmbeddedKafkaCluster} parameter (with two
 * of these extensions in one class, JUnit cannot choose; call {@link #cluster()} instead). The
 * configuration methods return new instances; the one registered is the one that runs. Nested
 * test classes share the enclosing class's cluster.
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
    private static final Pattern LEGAL_TOPIC_CHARS = Pattern.compile("[a-zA-Z0-9._-]+");
    /** Kafka's limit of 249 characters, less room for the counter suffix. */
    private static final int MAX_PREFIX_LENGTH = 200;

    private final int brokers;
    private final Map<String, String> brokerConfig;
    /** Null for an unsecured cluster. */
    private final SecurityOptions security;
    private final AtomicInteger topicCounter = new AtomicInteger();
    private EmbeddedKafkaCluster cluster;
    private String startedBy;

    private EmbeddedKafkaExtension(int brokers, Map<String, String> brokerConfig, SecurityOptions security) {
        this.brokers = brokers;
        this.brokerConfig = brokerConfig;
        this.security = security;
    }

    /** A cluster of one broker. */
    public static EmbeddedKafkaExtension singleBroker() {
        return withBrokers(1);
    }

    /**
     * A cluster of {@code brokers} nodes.
     *
     * @throws IllegalArgumentException if {@code brokers < 1}
     */
    public static EmbeddedKafkaExtension withBrokers(int brokers) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        return new EmbeddedKafkaExtension(brokers, Map.of(), null);
    }

    /**
     * A secured cluster, started with {@link EmbeddedKafkaCluster#startSecured(SecurityOptions)};
     * users, ACLs and client settings come from {@code cluster().security()}.
     *
     * <pre>{@code
     * @RegisterExtension
     * static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.secured(SecurityOptions.defaults());
     * }</pre>
     */
    public static EmbeddedKafkaExtension secured(SecurityOptions options) {
        Objects.requireNonNull(options, "options");
        return new EmbeddedKafkaExtension(options.brokers(), options.brokerConfig(), options);
    }

    /**
     * This extension with one more broker config set on every node, on top of the test
     * defaults described in {@link EmbeddedKafkaCluster}.
     *
     * @throws IllegalArgumentException if the key is managed by the cluster (listeners, directories,
     *     node ids and roles)
     */
    public EmbeddedKafkaExtension withBrokerConfig(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        KraftTestKitBackend.checkBrokerConfig(Map.of(key, value));
        Map<String, String> config = new TreeMap<>(brokerConfig);
        config.put(key, value);
        return new EmbeddedKafkaExtension(brokers, Collections.unmodifiableMap(config),
                security == null ? null : security.withBrokerConfig(key, value));
    }

    /**
     * The running cluster.
     *
     * @throws IllegalStateException before the test class has started or after it finished
     */
    public synchronized EmbeddedKafkaCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("No embedded Kafka cluster is running. Register the"
                    + " extension on a static field (@RegisterExtension static final"
                    + " EmbeddedKafkaExtension ...) so that JUnit starts it before the first test;"
                    + " it is closed after the last test of the class.");
        }
        return cluster;
    }

    /**
     * A topic name not returned before by this extension: {@code prefix-1}, {@code prefix-2},
     * ... Tests in a class share one cluster, so each should use its own topics. The topic is
     * not created.
     *
     * @throws IllegalArgumentException if {@code prefix} is empty, longer than 200 characters or
     *     has characters other than {@code a-z A-Z 0-9 . _ -}
     */
    public String uniqueTopic(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.length() > MAX_PREFIX_LENGTH || !LEGAL_TOPIC_CHARS.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Topic prefix '" + prefix + "' must be 1 to "
                    + MAX_PREFIX_LENGTH + " characters of a-z, A-Z, 0-9, '.', '_' or '-'");
        }
        return prefix + "-" + topicCounter.incrementAndGet();
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        if (cluster == null) {
            cluster = security == null ? EmbeddedKafkaCluster.start(brokers, brokerConfig)
                    : EmbeddedKafkaCluster.startSecured(security);
            startedBy = context.getUniqueId();
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        // Nested classes see the enclosing class's extension too; only the class that started
        // the cluster closes it.
        if (cluster != null && context.getUniqueId().equals(startedBy)) {
            EmbeddedKafkaCluster closing = cluster;
            cluster = null;
            startedBy = null;
            closing.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == EmbeddedKafkaCluster.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        if (cluster == null) {
            throw new ParameterResolutionException("No embedded Kafka cluster is running yet for "
                    + parameterContext.getDeclaringExecutable() + ". The cluster starts in beforeAll;"
                    + " a constructor of a @TestInstance(PER_CLASS) class runs before that, so take"
                    + " the cluster in a @BeforeAll or test method instead.");
        }
        return cluster;
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaExtension[brokers=" + brokers + ", brokerConfig=" + brokerConfig
                + (security == null ? "" : ", secured") + "]";
    }
}
