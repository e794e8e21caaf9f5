package dev.eos.testkit.driver.mutants;

import dev.eos.spi.KafkaClientFactory;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A deliberate bug, planted by wrapping the clients the runtime gets (see {@link MutantClients}).
 * Each method returns the client the runtime will use; the defaults change nothing.
 */
public interface Mutant {

    /** A processing thread's consumer (it has a {@code group.id}). */
    default Consumer<byte[], byte[]> groupConsumer(Consumer<byte[], byte[]> consumer, MutantClients.ThreadClients thread) {
        return consumer;
    }

    /**
     * Creates a consumer the runtime asked for without a {@code group.id}: the restore consumer
     * that reads a changelog back into a state store. A mutant that restores read_uncommitted
     * changes {@code config} before creating it; one that restores beyond the committed changelog
     * offset wraps what {@code clients} creates.
     *
     * @param config  the configuration the runtime asked for
     * @param clients the driver's own factory
     */
    default Consumer<byte[], byte[]> restoreConsumer(Map<String, Object> config, MutantClients.ThreadClients thread,
                                                     KafkaClientFactory clients) {
        return clients.consumer(config);
    }

    /**
     * A processing thread's transactional producer.
     *
     * @param config  the configuration the runtime asked for
     * @param clients the driver's own factory, for a mutant that needs more clients
     */
    /** An admin client the runtime asked for (a thread's, for changelog offsets and topic ids, and purges). */
    default org.apache.kafka.clients.admin.Admin admin(org.apache.kafka.clients.admin.Admin admin) {
        return admin;
    }

    default Producer<byte[], byte[]> producer(Producer<byte[], byte[]> producer, Map<String, Object> config,
                                              MutantClients.ThreadClients thread, KafkaClientFactory clients) {
        return producer;
    }
}
