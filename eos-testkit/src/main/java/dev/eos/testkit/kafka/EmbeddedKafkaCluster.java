package dev.eos.testkit.kafka;

import dev.eos.testkit.kafka.internal.ClusterBackend;
import dev.eos.testkit.kafka.internal.KraftTestKitBackend;
import dev.eos.testkit.kafka.internal.Poll;
import dev.eos.testkit.kafka.internal.SecuredBrokerConfig;
import dev.eos.testkit.kafka.internal.TestKeystores;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka cluster in KRaft mode, running inside the test JVM on loopback ports.
 * Broker ids are {@code 0..n-1}; broker 0 also runs the cluster's single KRaft controller.
 * Start one per test class (3 to 4 s for the first cluster in a JVM, about 0.5 s for later
 * ones), or let {@link EmbeddedKafkaExtension} do it.
 *
 * <pre>{@code
 * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start(3)) {
 *     kafka.createTopic("orders", 2);
 *     Map<String, Object> config = kafka.clientConfig();
 *     config.put(ProducerConfig.ACKS_CONFIG, "all");
 *     try (Producer<String, String> producer =
 *             new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
 *         producer.send(new ProducerRecord<>("orders", "k", "v")).get();
 *     }
 *     kafka.restartBroker(2);
 * }
 * }</pre>
 *
 * <p>Defaults differ from a production broker where tests would otherwise be slow or fragile:
 * <ul>
 *   <li>internal topics have one partition and a replication factor of {@code min(3, brokers)};
 *       the transaction log's {@code min.isr} is 2 on three or more brokers, 1 otherwise;
 *   <li>{@code group.initial.rebalance.delay.ms=0} and {@code auto.create.topics.enable=false};
 *   <li>broker sessions expire after 3 s (heartbeats every 0.5 s), so that a restarted broker
 *       can register again quickly;
 *   <li>clients are offered only released API versions (Kafka's test kit would enable unstable
 *       ones).
 * </ul>
 * Any of them can be overridden through {@link #start(int, Map)}.
 *
 * <p>{@link #startSecured(SecurityOptions)} starts a cluster with SASL_PLAINTEXT and SASL_SSL
 * listeners, SCRAM users and ACLs ({@link #security()}); {@link #start(int, Map)} stays
 * PLAINTEXT with no authorizer.
 *
 * <p>Thread-safe. Every admin operation waits at most 30 seconds and then throws
 * {@link EmbeddedKafkaException}.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaCluster.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);

    private final ClusterBackend backend;
    private final Admin admin;
    private final int brokerCount;
    /** Super-user login settings of a secured cluster, else empty. */
    private final Map<String, Object> credentials;
    /** Null for an unsecured cluster. */
    private final TestKeystores keystores;
    private final ClusterSecurity security;
    private volatile boolean closed;

    private EmbeddedKafkaCluster(ClusterBackend backend, int brokerCount, TestKeystores keystores) {
        this.backend = backend;
        this.brokerCount = brokerCount;
        this.keystores = keystores;
        this.credentials = keystores == null ? Map.of() : Map.copyOf(ClusterSecurity.superUserSettings());
        this.admin = Admin.create(clientConfig());
        this.security = keystores == null ? null : new ClusterSecurity(backend, keystores, admin);
    }

    /** Starts a single-broker cluster. */
    public static EmbeddedKafkaCluster start() {
        return start(1);
    }

    /** Starts a cluster of {@code brokers} nodes (1 and 3 are the usual sizes). */
    public static EmbeddedKafkaCluster start(int brokers) {
        return start(brokers, Map.of());
    }

    /**
     * Starts a cluster of {@code brokers} nodes with broker configs applied to every node on top
     * of the test defaults, and returns once every broker is registered and unfenced.
     *
     * @param brokerConfigOverrides broker configs such as {@code "log.segment.bytes"}; keys the
     *     cluster manages itself (listeners, directories, node ids, roles) are rejected
     * @throws IllegalArgumentException if {@code brokers < 1} or an override key is managed by
     *     the cluster
     * @throws EmbeddedKafkaException if the cluster does not start within 60 seconds; nothing is
     *     left running and the data directory is deleted
     */
    public static EmbeddedKafkaCluster start(int brokers, Map<String, String> brokerConfigOverrides) {
        if (brokers < 1) {
            throw new IllegalArgumentException("brokers must be at least 1, was " + brokers);
        }
        Objects.requireNonNull(brokerConfigOverrides, "brokerConfigOverrides");
        Map<String, String> config = BrokerDefaults.forCluster(brokers, brokerConfigOverrides);
        KraftTestKitBackend.checkBrokerConfig(config);
        return launch(brokers, brokerConfigOverrides, null,
                () -> KraftTestKitBackend.start(brokers, config, START_TIMEOUT));
    }

    /**
     * Starts a secured cluster and returns once every broker is registered and unfenced: a
     * SASL_PLAINTEXT listener (PLAIN and SCRAM-SHA-256) and a SASL_SSL listener (SCRAM-SHA-256,
     * with a self-signed certificate for {@code localhost} made by the JDK's {@code keytool} in a
     * temporary directory), the {@code StandardAuthorizer} with
     * {@code allow.everyone.if.no.acl.found=false}. {@link #clientConfig()}, {@link #admin()} and
     * every operation of this class log in as the super user over SASL_PLAINTEXT; add users,
     * ACLs and get their client settings with {@link #security()}.
     *
     * <pre>{@code
     * try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.startSecured(SecurityOptions.defaults())) {
     *     kafka.createTopic("orders", 2);
     *     kafka.security().addScramUser("orders-app", "orders-secret");
     *     Map<String, Object> config =
     *             kafka.security().clientConfig("orders-app", "orders-secret", SecurityProtocol.SASL_SSL);
     * }
     * }</pre>
     *
     * @throws EmbeddedKafkaException if the key stores cannot be made or the cluster does not
     *     start within 60 seconds; nothing is left running and the directories are deleted
     */
    public static EmbeddedKafkaCluster startSecured(SecurityOptions options) {
        Objects.requireNonNull(options, "options");
        int brokers = options.brokers();
        TestKeystores keystores;
        try {
            keystores = TestKeystores.create();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while making TLS key stores with keytool", e);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Could not make TLS key stores with the JDK's keytool: " + e.getMessage(), e);
        }
        Map<String, String> config = SecuredBrokerConfig.forEveryNode(keystores,
                BrokerDefaults.forCluster(brokers, options.brokerConfig()));
        try {
            return launch(brokers, options.brokerConfig(), keystores,
                    () -> KraftTestKitBackend.startSecured(brokers, config, START_TIMEOUT));
        } catch (RuntimeException e) {
            keystores.delete();
            throw e;
        }
    }

    private static EmbeddedKafkaCluster launch(int brokers, Map<String, String> brokerConfigOverrides,
                                               TestKeystores keystores, BackendStart start) {
        long startNanos = System.nanoTime();
        ClusterBackend backend;
        try {
            backend = start.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while starting an embedded Kafka cluster", e);
        } catch (Exception | Error e) {
            throw new EmbeddedKafkaException("Could not start an embedded Kafka cluster of " + brokers
                    + " broker(s) with broker config overrides " + new TreeMap<>(brokerConfigOverrides)
                    + ": " + e + ". If the cause names a config key, fix or remove that override;"
                    + " otherwise see the cause and the broker log.", e);
        }
        log.info("Started embedded Kafka cluster with {} broker(s) at {} in {} ms", brokers,
                backend.bootstrapServers(), millisSince(startNanos));
        try {
            return new EmbeddedKafkaCluster(backend, brokers, keystores);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    /** {@code host:port} of every broker, comma separated; stays valid across broker restarts. */
    public String bootstrapServers() {
        return backend.bootstrapServers();
    }

    /**
     * Client configuration to connect to this cluster: only {@code bootstrap.servers}, in a new
     * mutable map the caller may add serializers, {@code group.id} and the like to.
     */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(credentials);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return config;
    }

    /**
     * Users, ACLs and client settings of a cluster started with
     * {@link #startSecured(SecurityOptions)}.
     *
     * @throws IllegalStateException if this cluster was started without security
     */
    public ClusterSecurity security() {
        ensureOpen();
        if (security == null) {
            throw new IllegalStateException("This embedded Kafka cluster was started without security;"
                    + " start it with EmbeddedKafkaCluster.startSecured(SecurityOptions)");
        }
        return security;
    }

    /** A new Admin client for this cluster; the caller closes it. */
    public Admin admin() {
        ensureOpen();
        return Admin.create(clientConfig());
    }

    /**
     * Creates a topic replicated to {@code min(3, brokers)} brokers with default topic configs,
     * and returns once every partition has a leader.
     *
     * @throws EmbeddedKafkaException if creation fails (cause {@code TopicExistsException} if it
     *     exists) or does not complete in time
     */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, BrokerDefaults.replicationFactor(brokerCount), Map.of());
    }

    /**
     * Creates a topic and returns once every partition has a leader.
     *
     * @param topicConfigs topic configs such as {@code "min.insync.replicas"} or
     *     {@code "cleanup.policy"}
     * @throws EmbeddedKafkaException if creation fails (cause {@code TopicExistsException} if it
     *     exists, {@code InvalidReplicationFactorException} if fewer brokers are running than
     *     {@code replicationFactor}) or does not complete in time
     */
    public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> topicConfigs) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topicConfigs, "topicConfigs");
        NewTopic topic = new NewTopic(name, partitions, (short) replicationFactor).configs(topicConfigs);
        String what = "create topic '" + name + "' with " + partitions + " partition(s), replication factor "
                + replicationFactor + " and configs " + new TreeMap<>(topicConfigs);
        call(what, () -> {
            admin.createTopics(List.of(topic)).all().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Poll.until("every partition of '" + name + "' has a leader", OPERATION_TIMEOUT,
                    () -> describe(name).partitions().stream().allMatch(p -> p.leader() != null));
            return null;
        });
    }

    /**
     * Deletes a topic and returns once it is no longer listed.
     *
     * @throws EmbeddedKafkaException if deletion fails (cause
     *     {@code UnknownTopicOrPartitionException} if there is no such topic) or times out
     */
    public void deleteTopic(String name) {
        Objects.requireNonNull(name, "name");
        call("delete topic '" + name + "'", () -> {
            admin.deleteTopics(List.of(name)).all().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Poll.until("topic '" + name + "' is no longer listed", OPERATION_TIMEOUT,
                    () -> !listTopics().contains(name));
            return null;
        });
    }

    /** Names of all topics except Kafka's internal ones ({@code __consumer_offsets}, ...). */
    public Set<String> topicNames() {
        return call("list topics", this::listTopics);
    }

    /**
     * The latest offset (high watermark) of every partition of {@code topic}, by partition
     * number. For a transactional topic this counts commit and abort markers and records of
     * aborted and open transactions.
     */
    public Map<Integer, Long> endOffsets(String topic) {
        Objects.requireNonNull(topic, "topic");
        return call("read end offsets of topic '" + topic + "'", () -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (TopicPartitionInfo partition : describe(topic).partitions()) {
                request.put(new TopicPartition(topic, partition.partition()), OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResultInfo> offsets = admin.listOffsets(request).all()
                    .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<Integer, Long> byPartition = new TreeMap<>();
            offsets.forEach((partition, info) -> byPartition.put(partition.partition(), info.offset()));
            return Map.copyOf(byPartition);
        });
    }

    /** Ids of all brokers of this cluster, running or stopped, ascending. */
    public List<Integer> brokerIds() {
        return backend.brokerIds();
    }

    /**
     * Stops one broker with a controlled shutdown (its partition leaders move first) and returns
     * once the cluster no longer lists it. Only the broker stops: the KRaft controller on node 0
     * keeps running even when broker 0 is stopped, so this models losing a broker, not the
     * metadata quorum.
     *
     * @throws IllegalArgumentException if there is no broker with that id
     * @throws IllegalStateException if it is already stopped
     * @throws EmbeddedKafkaException if the cluster still lists it after 30 seconds
     */
    public synchronized void stopBroker(int id) {
        ensureOpen();
        long startNanos = System.nanoTime();
        backend.stopBroker(id);
        long shutdownMillis = millisSince(startNanos);
        long stoppedNanos = System.nanoTime();
        call("see broker " + id + " leave the cluster", () -> {
            Poll.until("broker " + id + " is no longer listed by describeCluster", OPERATION_TIMEOUT,
                    () -> !liveBrokerIds().contains(id));
            return null;
        });
        log.info("Stopped broker {}: shutdown took {} ms, then {} ms until unlisted", id,
                shutdownMillis, millisSince(stoppedNanos));
    }

    /**
     * Starts a stopped broker again (stopping it first if it is running) with the same id, port
     * and data, and returns once the cluster lists it again. Takes about 3 s: the controller
     * accepts the new registration only once the previous session has expired
     * ({@code broker.session.timeout.ms}). The broker may still be catching up on replicas; wait
     * for the in-sync replica set if a test depends on it.
     *
     * @throws IllegalArgumentException if there is no broker with that id
     * @throws EmbeddedKafkaException if it is not listed again within 30 seconds
     */
    public synchronized void restartBroker(int id) {
        ensureOpen();
        if (backend.isRunning(id)) {
            stopBroker(id);
        }
        long startNanos = System.nanoTime();
        backend.startBroker(id);
        long startupMillis = millisSince(startNanos);
        long startedNanos = System.nanoTime();
        call("see broker " + id + " rejoin the cluster", () -> {
            Poll.until("broker " + id + " is listed by describeCluster", OPERATION_TIMEOUT,
                    () -> liveBrokerIds().contains(id));
            return null;
        });
        log.info("Started broker {} again: startup took {} ms, then {} ms until listed", id,
                startupMillis, millisSince(startedNanos));
    }

    /** Stops every broker and controller and deletes the cluster's data. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long startNanos = System.nanoTime();
        try {
            admin.close(Duration.ofSeconds(5));
        } finally {
            try {
                backend.close();
                if (keystores != null) {
                    keystores.delete();
                }
                log.info("Closed embedded Kafka cluster at {} in {} ms", bootstrapServers(), millisSince(startNanos));
            } catch (RuntimeException e) {
                throw new EmbeddedKafkaException("Embedded Kafka cluster at " + bootstrapServers()
                        + " reported an error while running or stopping: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[brokers=" + brokerIds() + ", bootstrapServers=" + bootstrapServers() + "]";
    }

    /** Where the brokers keep their logs and metadata; gone after {@link #close()}. */
    Path dataDirectory() {
        return backend.dataDirectory();
    }

    private Set<String> listTopics() throws ExecutionException, InterruptedException, TimeoutException {
        return Set.copyOf(admin.listTopics().names().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    }

    private TopicDescription describe(String topic)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeTopics(List.of(topic)).allTopicNames()
                .get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
    }

    private Set<Integer> liveBrokerIds() throws ExecutionException, InterruptedException, TimeoutException {
        Set<Integer> ids = new HashSet<>();
        for (Node node : admin.describeCluster().nodes().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            ids.add(node.id());
        }
        return ids;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This embedded Kafka cluster is closed");
        }
    }

    private <T> T call(String what, AdminCall<T> call) {
        ensureOpen();
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("Could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Could not " + what + " within " + OPERATION_TIMEOUT
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while trying to " + what, e);
        }
    }

    @FunctionalInterface
    private interface BackendStart {
        ClusterBackend run() throws Exception;
    }

    @FunctionalInterface
    private interface AdminCall<T> {
        T run() throws ExecutionException, InterruptedException, TimeoutException;
    }
}
