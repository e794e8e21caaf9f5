package dev.eos.testkit.kafka.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * A running set of Kafka brokers on loopback ports: the seam between
 * {@link dev.eos.testkit.kafka.EmbeddedKafkaCluster} and whatever runs the brokers.
 *
 * <p>Implementations only run processes; they do not talk the Kafka protocol. Waiting for the
 * cluster to <em>notice</em> a change (a broker leaving or rejoining) is done by the caller
 * through the Admin client, so it holds for any backend.
 */
public interface ClusterBackend extends AutoCloseable {

    /** {@code host:port} of every broker, comma separated; stable across broker restarts. */
    String bootstrapServers();

    /**
     * {@code host:port} on listener {@code listenerName} of every running broker, comma
     * separated; a restarted broker may listen on another port than before (only the default
     * listener keeps its port).
     */
    String bootstrapServers(String listenerName);

    /** Ids of all brokers the cluster was built with, running or not, ascending. */
    List<Integer> brokerIds();

    /** Whether the broker with this id is currently running. */
    boolean isRunning(int brokerId);

    /**
     * Shuts one broker down (a controlled shutdown) and returns once it has stopped.
     *
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if it is not running
     */
    void stopBroker(int brokerId);

    /**
     * Starts a stopped broker on its previous port and data directories and returns once its
     * startup sequence has completed. The caller still has to wait until the controller has
     * unfenced it.
     *
     * @throws IllegalArgumentException if there is no such broker
     * @throws IllegalStateException if it is running
     */
    void startBroker(int brokerId);

    /** The directory holding all data and metadata logs; removed by {@link #close()}. */
    Path dataDirectory();

    /** Stops every broker and controller and deletes {@link #dataDirectory()}. Idempotent. */
    @Override
    void close();
}
