package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.internal.config.CoPartitionedAssignment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Computes the configuration of the three Kafka clients from an {@link EosConfig}: Eos's
 * defaults, then the user's prefixed overrides, then the settings exactly-once depends on
 * (which {@link EosConfig} already refuses to take from the user), among them the group protocol's
 * co-partitioning assignor ({@link CoPartitionedAssignment}).
 */
public final class ClientConfigs {
    /** {@code fetch.max.wait.ms} of the restore consumer; see {@link #restoreConsumer}. */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 10;

    private final EosConfig config;

    public ClientConfigs(EosConfig config) {
        this.config = config;
    }

    /**
     * The group consumer of processing thread {@code threadIndex}. With an explicitly set
     * {@code instance.id} it is a static member ({@link #groupInstanceId}), so an instance
     * restarted after a crash takes its partitions back at once instead of after the session
     * timeout; with a random one it is a dynamic member.
     */
    public Map<String, Object> consumer(String clientId, int threadIndex) {
        Map<String, Object> c = groupConsumer(clientId);
        groupInstanceId(config, threadIndex).ifPresent(id -> c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        return c;
    }

    /**
     * {@code <instance.id>-<thread index>} if {@code instance.id} was set, else empty: a random
     * instance id would make every restart a new static member, whose predecessor holds its
     * partitions until the session timeout all the same.
     */
    public static Optional<String> groupInstanceId(EosConfig config, int threadIndex) {
        return config.instanceIdConfigured()
                ? Optional.of(config.instanceId() + "-" + threadIndex) : Optional.empty();
    }

    private Map<String, Object> groupConsumer(String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        c.putAll(config.consumerOverrides());
        c.putAll(CoPartitionedAssignment.check(config.consumerOverrides()).consumerSettings());
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.applicationId());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    /**
     * The consumer that restores stores from their changelogs: no group (it assigns partitions
     * itself, so the group protocol, assignor and {@code group.instance.id} are left out), read_committed so that only committed store writes are replayed, large fetches.
     * It reads up to an end offset known in advance, so a fetch the broker holds for lack of data
     * is waiting for nothing: {@code fetch.max.wait.ms} is short. Otherwise a changelog whose
     * only unread entry is the last transaction's commit marker (a store restarted after a
     * crash) costs the default 500 ms per partition.
     */
    public Map<String, Object> restoreConsumer(String clientId) {
        Map<String, Object> c = groupConsumer(clientId);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.keySet().removeAll(CoPartitionedAssignment.GROUP_SETTINGS);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, RESTORE_FETCH_MAX_WAIT_MS);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // It seeks to every offset it reads from; records deleted under it must fail the restore
        // (which then starts over and wipes the store), never be skipped by a reset.
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        return c;
    }

    /**
     * The transactional producer retries {@code CONCURRENT_TRANSACTIONS} after this long instead of
     * Kafka's 100 ms: a thread that commits as soon as it is caught up often begins its next
     * transaction while the broker still writes the previous one's markers, and the first
     * {@code AddOffsetsToTxn} of that transaction then waits one backoff. (Retries still back off
     * exponentially up to {@code retry.backoff.max.ms}.)
     */
    static final int TRANSACTIONAL_RETRY_BACKOFF_MS = 5;

    /** At-least-once: idempotent, {@code acks=all}, no transactions. */
    public Map<String, Object> idempotentProducer(String clientId) {
        Map<String, Object> p = producer(clientId, Map.of());
        p.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        p.remove(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        return p;
    }

    public Map<String, Object> producer(String clientId, String transactionalId) {
        Map<String, Object> p = producer(clientId,
                Map.of(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, TRANSACTIONAL_RETRY_BACKOFF_MS));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return p;
    }

    private Map<String, Object> producer(String clientId, Map<String, Object> guaranteeDefaults) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.putAll(guaranteeDefaults);
        p.putAll(config.producerOverrides());
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    public Map<String, Object> admin(String clientId) {
        Map<String, Object> a = new HashMap<>(config.adminOverrides());
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return a;
    }
}
