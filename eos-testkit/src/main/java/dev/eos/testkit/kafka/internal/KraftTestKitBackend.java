package dev.eos.testkit.kafka.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.BrokerServer;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the brokers with Kafka's own in-process KRaft test kit ({@link KafkaClusterTestKit}).
 *
 * <p>Shape: brokers {@code 0..n-1}; node 0 is also the only KRaft controller (a <em>combined</em>
 * node), the others are plain brokers. One controller is deliberate: with three combined voters
 * on a static quorum, Kafka 4.3.1's test kit fails within seconds of startup (followers' raft
 * threads die on "Received unexpected invalid request error" in {@code UpdateVoter} responses),
 * and a single voter also starts faster. Ports are bound before startup and kept by the test kit,
 * so a restarted broker comes back on the same port and clients can keep their bootstrap list.
 *
 * <p>Stopping a broker: {@link BrokerServer#shutdown()} is a <em>controlled</em> shutdown of the
 * broker role only (leaders move away first). On node 0 the controller keeps running, so the
 * metadata quorum never goes away. Restarting calls {@link BrokerServer#startup()} on the same
 * object, which is what Kafka's own {@code ClusterInstance.startBroker} does; the broker reuses
 * its log directories and rejoins as the same id.
 *
 * <p>This is the only class in Eos importing {@code kafka.server.*} or
 * {@code org.apache.kafka.common.test.*}; neither is a supported Kafka API (the test kit has moved
 * package between releases). When a Kafka upgrade moves them, change this file.
 */
public final class KraftTestKitBackend implements ClusterBackend {
    private static final Logger log = LoggerFactory.getLogger(KraftTestKitBackend.class);

    /** Keys this backend sets per node; overriding any of them would break the cluster. */
    private static final Set<String> MANAGED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "log.dir",
            "log.dirs",
            "metadata.log.dir",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "inter.broker.listener.name",
            "controller.listener.names",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers");

    private final KafkaClusterTestKit kit;
    private final String bootstrapServers;
    private final Path dataDirectory;
    private final Set<Integer> stopped = new HashSet<>();
    /** Deletes the data directory if the JVM exits without {@link #close()}. */
    private final Thread deleteOnExit;
    private boolean closed;

    private KraftTestKitBackend(KafkaClusterTestKit kit, String bootstrapServers, Path dataDirectory) {
        this.kit = kit;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.deleteOnExit = new Thread(() -> deleteQuietly(dataDirectory), "eos-embedded-kafka-delete-on-exit");
        Runtime.getRuntime().addShutdownHook(deleteOnExit);
    }

    /**
     * Rejects broker config keys that this backend sets itself for every node.
     *
     * <p>Unknown keys are not rejected: Kafka's config definition lives in {@code kafka-server},
     * which is only on the runtime class path, and a broker ignores keys it does not know.
     *
     * @throws IllegalArgumentException naming each offending key
     */
    public static void checkBrokerConfig(Map<String, String> brokerConfig) {
        Set<String> managed = new TreeSet<>(brokerConfig.keySet());
        managed.retainAll(MANAGED_KEYS);
        if (!managed.isEmpty()) {
            throw new IllegalArgumentException("Broker config " + managed + " is set by the embedded"
                    + " cluster itself (ports, directories, node ids and roles) and cannot be"
                    + " overridden; remove it from the overrides");
        }
    }

    /**
     * Formats and starts {@code brokers} brokers (broker 0 together with the controller) and
     * waits until every broker is registered and unfenced.
     *
     * @param brokers number of nodes, at least 1
     * @param brokerConfig configs applied to every node, already checked with
     *     {@link #checkBrokerConfig(Map)}
     * @param timeout how long startup may take before it is abandoned
     * @throws Exception whatever stopped the startup; everything started so far is stopped and
     *     the data directory is deleted
     */
    public static KraftTestKitBackend start(int brokers, Map<String, String> brokerConfig, Duration timeout)
            throws Exception {
        return start(brokers, brokerConfig, Map.of(), timeout);
    }

    /**
     * Like {@link #start(int, Map, Duration)}, with brokers and controller on SASL_PLAINTEXT
     * (the test kit then writes its JAAS file of PLAIN users) and per-node {@code listeners}
     * from {@link SecuredBrokerConfig#forNode(int)}.
     *
     * @param brokerConfig configs applied to every node, from {@link SecuredBrokerConfig#forEveryNode}
     */
    public static KraftTestKitBackend startSecured(int brokers, Map<String, String> brokerConfig, Duration timeout)
            throws Exception {
        Map<Integer, Map<String, String>> perNode = new TreeMap<>();
        for (int id = 0; id < brokers; id++) {
            perNode.put(id, SecuredBrokerConfig.forNode(id));
        }
        return start(brokers, brokerConfig, perNode, timeout);
    }

    private static KraftTestKitBackend start(int brokers, Map<String, String> brokerConfig,
                                             Map<Integer, Map<String, String>> perNode, Duration timeout)
            throws Exception {
        Path dataDirectory = Files.createTempDirectory("eos-kafka-");
        KafkaClusterTestKit kit = null;
        ExecutorService starter = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "eos-embedded-kafka-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            TestKitNodes.Builder nodesBuilder = new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadata(productionBootstrapMetadata())
                    .setBaseDirectory(dataDirectory);
            if (!perNode.isEmpty()) {
                nodesBuilder.setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setPerServerProperties(perNode);
            }
            TestKitNodes nodes = nodesBuilder.build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
            brokerConfig.forEach(builder::setConfigProp);
            kit = builder.build();
            kit.format();
            KafkaClusterTestKit started = kit;
            Future<?> startup = starter.submit(() -> {
                started.startup();
                started.waitForReadyBrokers();
                return null;
            });
            awaitStartup(startup, timeout);
            return new KraftTestKitBackend(kit, kit.bootstrapServers(), dataDirectory);
        } catch (Exception | Error e) {
            if (kit != null) {
                closeQuietly(kit);
            }
            deleteRecursively(dataDirectory);
            throw e;
        } finally {
            starter.shutdownNow();
        }
    }

    /**
     * The metadata version and feature levels a cluster formatted by {@code kafka-storage.sh} of
     * this Kafka release gets: the latest production metadata version and every production
     * feature at its default level for it (for example {@code transaction.version=2} and
     * {@code group.version=1}). The test kit alone bootstraps only the metadata version, which
     * leaves those features at 0: transactions then run the pre-KIP-890 protocol and the broker
     * refuses the consumer group protocol, unlike a production cluster.
     */
    private static BootstrapMetadata productionBootstrapMetadata() {
        MetadataVersion version = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        for (Feature feature : Feature.PRODUCTION_FEATURES) {
            if (feature != Feature.KRAFT_VERSION) {
                features.put(feature.featureName(), feature.defaultLevel(version));
            }
        }
        return BootstrapMetadata.fromVersions(version, features, "eos embedded cluster");
    }

    private static void awaitStartup(Future<?> startup, Duration timeout) throws Exception {
        try {
            startup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            startup.cancel(true);
            throw new TimeoutException("brokers were not registered and unfenced within " + timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        }
    }

    @Override
    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public synchronized String bootstrapServers(String listenerName) {
        StringBuilder servers = new StringBuilder();
        for (Map.Entry<Integer, BrokerServer> broker : new TreeMap<>(kit.brokers()).entrySet()) {
            if (!stopped.contains(broker.getKey())) {
                int port = broker.getValue().boundPort(ListenerName.normalised(listenerName));
                servers.append(servers.length() == 0 ? "" : ",").append("localhost:").append(port);
            }
        }
        return servers.toString();
    }

    @Override
    public synchronized List<Integer> brokerIds() {
        return List.copyOf(new TreeSet<>(kit.brokers().keySet()));
    }

    @Override
    public synchronized boolean isRunning(int brokerId) {
        broker(brokerId);
        return !closed && !stopped.contains(brokerId);
    }

    @Override
    public synchronized void stopBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        if (stopped.contains(brokerId)) {
            throw new IllegalStateException("Broker " + brokerId + " is already stopped");
        }
        log.info("Stopping broker {}", brokerId);
        broker.shutdown();
        broker.awaitShutdown();
        stopped.add(brokerId);
    }

    @Override
    public synchronized void startBroker(int brokerId) {
        BrokerServer broker = broker(brokerId);
        if (!stopped.contains(brokerId)) {
            throw new IllegalStateException("Broker " + brokerId + " is running; stop it first");
        }
        log.info("Starting broker {}", brokerId);
        broker.startup();
        stopped.remove(brokerId);
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            kit.close();
        } catch (Exception e) {
            throw new IllegalStateException("Kafka test kit reported an error while running or"
                    + " stopping: " + e, e);
        } finally {
            removeShutdownHook();
            deleteRecursively(dataDirectory);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting; the hook deletes the directory too
        }
    }

    private static void deleteQuietly(Path root) {
        try {
            deleteRecursively(root);
        } catch (UncheckedIOException e) {
            // best effort while the JVM exits
        }
    }

    private BrokerServer broker(int brokerId) {
        if (closed) {
            throw new IllegalStateException("The cluster is closed");
        }
        BrokerServer broker = kit.brokers().get(brokerId);
        if (broker == null) {
            throw new IllegalArgumentException("No broker with id " + brokerId + "; broker ids are "
                    + new TreeSet<>(kit.brokers().keySet()));
        }
        return broker;
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        try {
            kit.close();
        } catch (Exception e) {
            log.warn("Ignoring error while stopping a cluster that failed to start", e);
        }
    }

    /** The test kit deletes its directory on close; this covers a failed or partial close. */
    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        List<IOException> failures = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file, failures);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    delete(dir, failures);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            UncheckedIOException failure = new UncheckedIOException(
                    "Could not delete embedded Kafka data directory " + root, failures.get(0));
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void delete(Path path, List<IOException> failures) {
        try {
            Files.delete(path);
        } catch (NoSuchFileException e) {
            // already gone: a Kafka thread finished deleting it first
        } catch (IOException e) {
            failures.add(e);
        }
    }
}
