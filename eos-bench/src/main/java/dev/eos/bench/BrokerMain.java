package dev.eos.bench;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.registry.EmbeddedSchemaRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A one-broker Kafka cluster in its own JVM, so that the broker's CPU and GC do not share a
 * heap with the clients being measured. Prints {@code BOOTSTRAP=host:port} on stdout once the
 * broker is up, then runs until stdin closes (the benchmark exited or closed the pipe) or the
 * process is terminated; either way the cluster is closed and its data deleted. With
 * {@value #WITH_REGISTRY} it also serves an {@link EmbeddedSchemaRegistry} on the cluster and
 * prints {@code REGISTRY=url} first.
 *
 * <pre>{@code
 * java -cp <classpath> dev.eos.bench.BrokerMain --schema-registry
 * REGISTRY=http://127.0.0.1:40321
 * BOOTSTRAP=127.0.0.1:39117
 * }</pre>
 */
public final class BrokerMain {
    static final String BOOTSTRAP_PREFIX = "BOOTSTRAP=";
    static final String REGISTRY_PREFIX = "REGISTRY=";
    static final String WITH_REGISTRY = "--schema-registry";

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(1);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "broker-shutdown"));
        EmbeddedSchemaRegistry registry = null;
        if (List.of(args).contains(WITH_REGISTRY)) {
            registry = EmbeddedSchemaRegistry.start(cluster);
            System.out.println(REGISTRY_PREFIX + registry.url());
        }
        System.out.println(BOOTSTRAP_PREFIX + cluster.bootstrapServers());
        System.out.flush();
        waitForEndOfInput(System.in);
        if (registry != null) {
            registry.close();
        }
        cluster.close();
        System.exit(0);
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) != -1) {
            // anything written to stdin is ignored; only its end matters
        }
    }
}
