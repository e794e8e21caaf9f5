package dev.eos.testkit.driver.mutants;

import dev.eos.spi.KafkaClientFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * A client factory that hands the runtime the driver's in-memory clients wrapped by a
 * {@link Mutant}, so that a deliberately broken runtime can be run with no change to the runtime
 * itself. Install it with {@code PipelineTestDriver.builder(...).clientDecorator(inMemory ->
 * new MutantClients(inMemory, mutant))}.
 *
 * <p>Clients are told apart by their configuration, as the runtime creates them:
 * <ul>
 *   <li>a consumer with a {@code group.id} is a processing thread's consumer; its client id is
 *       {@code <thread name>-consumer};</li>
 *   <li>a consumer without one is a restore consumer (it reads changelogs by assignment; client
 *       id {@code <thread name>-restore-consumer}), which {@link Mutant#restoreConsumer} creates,
 *       so that a mutant can change its configuration ({@code isolation.level}) or wrap it;</li>
 *   <li>a producer's client id is {@code <thread name>-producer}.</li>
 * </ul>
 * A thread's consumer and producer meet in one {@link ThreadClients}, keyed by the thread name, so
 * a mutant can make the producer act on the consumer (commit offsets through it, say). The
 * runtime creates the consumer first.
 */
public final class MutantClients implements KafkaClientFactory {
    private static final String CONSUMER_SUFFIX = "-consumer";
    private static final String RESTORE_CONSUMER_SUFFIX = "-restore-consumer";
    private static final String PRODUCER_SUFFIX = "-producer";

    private final KafkaClientFactory inner;
    private final Mutant mutant;
    private final Map<String, ThreadClients> threads = new HashMap<>();

    public MutantClients(KafkaClientFactory inner, Mutant mutant) {
        this.inner = Objects.requireNonNull(inner, "inner");
        this.mutant = Objects.requireNonNull(mutant, "mutant");
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        if (config.get(ConsumerConfig.GROUP_ID_CONFIG) == null) {
            ThreadClients thread = thread(config.get(ConsumerConfig.CLIENT_ID_CONFIG), RESTORE_CONSUMER_SUFFIX);
            return mutant.restoreConsumer(config, thread, inner);
        }
        Consumer<byte[], byte[]> consumer = inner.consumer(config);
        ThreadClients thread = thread(config.get(ConsumerConfig.CLIENT_ID_CONFIG), CONSUMER_SUFFIX);
        Consumer<byte[], byte[]> wrapped = mutant.groupConsumer(consumer, thread);
        thread.consumer = wrapped;
        return wrapped;
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        ThreadClients thread = thread(config.get(ProducerConfig.CLIENT_ID_CONFIG), PRODUCER_SUFFIX);
        return mutant.producer(inner.producer(config), config, thread, inner);
    }

    @Override
    public Admin admin(Map<String, Object> config) {
        return mutant.admin(inner.admin(config));
    }

    private ThreadClients thread(Object clientId, String suffix) {
        String id = String.valueOf(clientId);
        String name = id.endsWith(suffix) ? id.substring(0, id.length() - suffix.length()) : id;
        return threads.computeIfAbsent(name, ThreadClients::new);
    }

    /** One processing thread's clients as the mutant sees them, and what the mutant keeps for it. */
    public static final class ThreadClients {
        private final String name;
        private Consumer<byte[], byte[]> consumer;
        /**
         * Where a mutant's belief about the thread's committed offsets differs from the group's:
         * its consumer answers {@code committed()} from here first.
         */
        final Map<TopicPartition, OffsetAndMetadata> believedCommitted = new HashMap<>();

        private ThreadClients(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /**
         * The thread's (wrapped) group consumer.
         *
         * @throws IllegalStateException if the runtime created the producer first
         */
        public Consumer<byte[], byte[]> consumer() {
            if (consumer == null) {
                throw new IllegalStateException("Thread " + name + " has no consumer yet");
            }
            return consumer;
        }
    }
}
