package dev.eos;

import dev.eos.errors.ConfigException;
import dev.eos.errors.DeserializationErrorHandling;
import dev.eos.errors.ProcessingErrorHandling;
import dev.eos.internal.config.ClientOverrides;
import dev.eos.internal.config.CoPartitionedAssignment;
import dev.eos.internal.config.ConfigValues;
import dev.eos.internal.config.SecretHidingMap;
import dev.eos.internal.config.SecretKeys;
import dev.eos.internal.config.UnknownClientKeys;
import dev.eos.query.HostInfo;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration of an {@link EosApp}: immutable, and validated when it is built, so a bad
 * value fails before anything connects, with the key, the value and the fix in the message.
 *
 * <p>Client settings pass through with a prefix: {@code consumer.}, {@code producer.} or
 * {@code admin.} for one client, and unprefixed {@code security.*}, {@code sasl.*} and
 * {@code ssl.*} for all three. Settings that would weaken exactly-once (for example
 * {@code consumer.isolation.level} or {@code producer.transactional.id}) are rejected, and so
 * are assignors that would not keep partition {@code n} of every input topic on one member.
 *
 * <p>Secret values ({@code sasl.jaas.config}, {@code *.password}, ...) are never printed:
 * {@link #toString()}, the maps this config returns and its {@link ConfigException} messages show
 * {@code [hidden]} instead, while {@link #originals()} and the client maps still hold the real
 * values for the clients.
 *
 * <pre>{@code
 * EosConfig config = EosConfig.builder()
 *         .applicationId("orders-enricher")
 *         .bootstrapServers("localhost:9092")
 *         .set(EosConfig.NUM_THREADS, 2)
 *         .set("producer.compression.type", "lz4")
 *         .build();
 * }</pre>
 */
public final class EosConfig {
    private static final Logger log = LoggerFactory.getLogger(EosConfig.class);
    public static final String APPLICATION_ID = "application.id";
    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    public static final String NUM_THREADS = "num.threads";
    public static final String COMMIT_INTERVAL_MS = "commit.interval.ms";
    public static final String COMMIT_MIN_INTERVAL_MS = "commit.min.interval.ms";
    public static final String TRANSACTION_MAX_RECORDS = "transaction.max.records";
    public static final String TRANSACTION_TIMEOUT_MS = "transaction.timeout.ms";
    public static final String INSTANCE_ID = "instance.id";
    public static final String DESERIALIZATION_ERROR_HANDLER = "deserialization.error.handler";
    public static final String PROCESSING_ERROR_HANDLER = "processing.error.handler";
    public static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    public static final String STATE_DIR = "state.dir";
    public static final String STATE_CHANGELOG_REPLICATION_FACTOR = "state.changelog.replication.factor";
    public static final String STATE_CHANGELOG_MIN_INSYNC_REPLICAS = "state.changelog.min.insync.replicas";
    public static final String STATE_MAX_PENDING_BYTES = "state.max.pending.bytes";
    public static final String STATE_CLEANUP_DELAY_MS = "state.cleanup.delay.ms";
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = "rocksdb.block.cache.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "rocksdb.write.buffer.bytes";
    public static final String ROCKSDB_OPTIONS_HOOK = "rocksdb.options.hook";
    public static final String REPARTITION_REPLICATION_FACTOR = "repartition.replication.factor";
    public static final String REPARTITION_PURGE_INTERVAL_MS = "repartition.purge.interval.ms";
    /**
     * {@code host:port} where this instance answers interactive queries (your HTTP server, not
     * something Eos starts). Other instances learn it through the consumer group and return it
     * from {@link EosApp#metadataForKey}. Unset: this instance is not addressable.
     */
    public static final String APPLICATION_SERVER = "application.server";

    static final long DEFAULT_REPARTITION_PURGE_INTERVAL_MS = 30_000;
    /**
     * How long a thread may go without a commit while records it fetched wait before
     * {@link EosApp#health()} calls it stuck. Default: 10 commit intervals, at least 60 s.
     */
    public static final String HEALTH_STUCK_AFTER_MS = "health.stuck.after.ms";
    static final long HEALTH_STUCK_MIN_DEFAULT_MS = 60_000;
    static final int HEALTH_STUCK_COMMIT_INTERVALS = 10;

    public static final String CONSUMER_PREFIX = "consumer.";
    public static final String PRODUCER_PREFIX = "producer.";
    public static final String ADMIN_PREFIX = "admin.";

    static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    static final long DEFAULT_COMMIT_MIN_INTERVAL_MS = 20;
    static final int DEFAULT_TRANSACTION_MAX_RECORDS = 100_000;
    static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;
    /** The transaction must outlive one commit interval plus this much processing and commit time. */
    static final long TRANSACTION_TIMEOUT_HEADROOM_MS = 5_000;

    private final String applicationId;
    private final String bootstrapServers;
    private final ProcessingGuarantee processingGuarantee;
    private final int numThreads;
    private final long commitIntervalMs;
    private final long commitMinIntervalMs;
    private final int transactionMaxRecords;
    private final long transactionTimeoutMs;
    private final String instanceId;
    private final boolean instanceIdConfigured;
    private final DeserializationErrorHandling deserializationErrorHandling;
    private final ProcessingErrorHandling processingErrorHandling;
    private final String deadLetterTopic;
    private final StateSettings state;
    private final int repartitionReplicationFactor;
    private final long repartitionPurgeIntervalMs;
    private final long healthStuckAfterMs;
    private final HostInfo applicationServer;
    private final Map<String, Object> consumerOverrides;
    private final Map<String, Object> producerOverrides;
    private final Map<String, Object> adminOverrides;
    private final Map<String, Object> originals;

    private EosConfig(Map<String, ?> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                throw new ConfigException(key, null, "is a null value, which Eos does not read as the default",
                        "remove " + key + " to use its default, or give it a value");
            }
        });
        ConfigValues v = new ConfigValues(values);
        this.originals = SecretHidingMap.copyOf(values);
        this.applicationId = ConfigValues.checkId(APPLICATION_ID, v.required(APPLICATION_ID,
                "set it to a name for your app, e.g. orders-enricher; "
                        + "it is the consumer group id and prefixes every internal topic"));
        this.bootstrapServers = v.required(BOOTSTRAP_SERVERS, "set it to host:port[,host:port...] of your Kafka brokers");
        this.processingGuarantee = guarantee(v.take(PROCESSING_GUARANTEE));
        this.numThreads = v.intAtLeast(NUM_THREADS, 1, 1);
        this.commitIntervalMs = v.longAtLeast(COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS, 1);
        this.commitMinIntervalMs = commitMinInterval(v, commitIntervalMs);
        this.transactionMaxRecords = v.intAtLeast(TRANSACTION_MAX_RECORDS, DEFAULT_TRANSACTION_MAX_RECORDS, 1);
        this.transactionTimeoutMs = v.longAtLeast(TRANSACTION_TIMEOUT_MS, DEFAULT_TRANSACTION_TIMEOUT_MS, 1);
        if (transactionTimeoutMs < commitIntervalMs + TRANSACTION_TIMEOUT_HEADROOM_MS) {
            throw new ConfigException(TRANSACTION_TIMEOUT_MS, transactionTimeoutMs,
                    "is too short for " + COMMIT_INTERVAL_MS + "=" + commitIntervalMs
                            + ": the broker would abort transactions that are still being processed or committed",
                    "set it to at least " + (commitIntervalMs + TRANSACTION_TIMEOUT_HEADROOM_MS)
                            + " (commit.interval.ms + " + TRANSACTION_TIMEOUT_HEADROOM_MS + " ms headroom)");
        }
        Object instance = v.take(INSTANCE_ID);
        this.instanceIdConfigured = instance != null;
        this.instanceId = instance == null ? UUID.randomUUID().toString()
                : ConfigValues.checkId(INSTANCE_ID, instance.toString());
        this.deserializationErrorHandling = v.enumValue(DESERIALIZATION_ERROR_HANDLER,
                DeserializationErrorHandling.class, DeserializationErrorHandling.FAIL);
        this.processingErrorHandling = v.enumValue(PROCESSING_ERROR_HANDLER,
                ProcessingErrorHandling.class, ProcessingErrorHandling.FAIL);
        Object dlq = v.take(DEAD_LETTER_TOPIC);
        this.deadLetterTopic = dlq == null ? applicationId + "-dead-letters" : dlq.toString().trim();
        this.state = stateSettings(v);
        this.repartitionReplicationFactor = v.intAtLeast(REPARTITION_REPLICATION_FACTOR, -1, -1);
        if (repartitionReplicationFactor == 0) {
            throw new ConfigException(REPARTITION_REPLICATION_FACTOR, 0, "is not a replication factor",
                    "use -1 for the broker default, or 1 or more");
        }
        this.repartitionPurgeIntervalMs = v.longAtLeast(REPARTITION_PURGE_INTERVAL_MS,
                DEFAULT_REPARTITION_PURGE_INTERVAL_MS, 1);
        this.healthStuckAfterMs = healthStuckAfter(v, commitIntervalMs);
        this.applicationServer = applicationServer(v.take(APPLICATION_SERVER));
        ClientOverrides clients = ClientOverrides.split(v.remaining());
        UnknownClientKeys.of(v.remaining()).forEach(unknown -> log.warn("Eos config: {}", unknown));
        CoPartitionedAssignment.check(clients.consumer());
        this.consumerOverrides = clients.consumer();
        this.producerOverrides = clients.producer();
        this.adminOverrides = clients.admin();
    }

    private static HostInfo applicationServer(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString().trim();
        try {
            HostInfo host = HostInfo.parse(text);
            if (host.host().contains("/") || host.host().contains("@") || host.host().contains(" ")) {
                throw new IllegalArgumentException("not a host name");
            }
            return host;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(APPLICATION_SERVER, value, "is not host:port (" + e.getMessage() + ")",
                    "set it to the host and port other instances reach this one's query endpoint on, "
                            + "e.g. accounts-1.accounts:8080");
        }
    }

    /** Builds a config from a map of keys to values (strings or typed values). */
    public static EosConfig from(Map<String, ?> values) {
        return new EosConfig(values);
    }

    /** Builds a config from properties, e.g. loaded from a file. */
    public static EosConfig from(Properties properties) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String name : properties.stringPropertyNames()) {
            map.put(name, properties.getProperty(name));
        }
        return new EosConfig(map);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String applicationId() {
        return applicationId;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public ProcessingGuarantee processingGuarantee() {
        return processingGuarantee;
    }

    public int numThreads() {
        return numThreads;
    }

    public Duration commitInterval() {
        return Duration.ofMillis(commitIntervalMs);
    }

    /**
     * Under exactly-once, a thread that has processed every record it can read commits this long
     * after its previous commit instead of waiting out {@link #commitInterval()}: output becomes
     * visible sooner when the input is caught up, while a thread with a backlog still fills
     * transactions for the whole interval.
     */
    public Duration commitMinInterval() {
        return Duration.ofMillis(commitMinIntervalMs);
    }

    public int transactionMaxRecords() {
        return transactionMaxRecords;
    }

    public Duration transactionTimeout() {
        return Duration.ofMillis(transactionTimeoutMs);
    }

    /**
     * Identifies this instance across restarts; part of every transactional id and, when set,
     * of every processing consumer's {@code group.instance.id}. Set it to a stable value per
     * instance (e.g. the pod name) so a restarted instance aborts the transaction its crashed
     * predecessor left open at once instead of after {@code transaction.timeout.ms}, and takes
     * its partitions back at once instead of after the session timeout (static membership).
     * Defaults to a random id (and dynamic membership).
     */
    public String instanceId() {
        return instanceId;
    }

    /**
     * Whether {@code instance.id} was set rather than made up at random: only then are the
     * processing consumers static members of the group, {@code group.instance.id =
     * <instance.id>-<thread index>}.
     */
    public boolean instanceIdConfigured() {
        return instanceIdConfigured;
    }

    public DeserializationErrorHandling deserializationErrorHandling() {
        return deserializationErrorHandling;
    }

    public ProcessingErrorHandling processingErrorHandling() {
        return processingErrorHandling;
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Whether any error handler writes to {@link #deadLetterTopic()}. */
    public boolean usesDeadLetterTopic() {
        return deserializationErrorHandling == DeserializationErrorHandling.DEAD_LETTER
                || processingErrorHandling == ProcessingErrorHandling.DEAD_LETTER;
    }

    /** Replication factor of created repartition topics; -1 for the broker default. */
    public int repartitionReplicationFactor() {
        return repartitionReplicationFactor;
    }

    /** How often a thread deletes the records of repartition topics below its committed offsets. */
    public Duration repartitionPurgeInterval() {
        return Duration.ofMillis(repartitionPurgeIntervalMs);
    }

    /**
     * How long a thread may go without a commit while records it fetched wait before
     * {@link EosApp#health()} reports it stuck ({@code health.stuck.after.ms}; default 10 commit
     * intervals, at least 60 s, so a long GC pause or a slow batch is not taken for a stuck thread).
     */
    public Duration healthStuckAfter() {
        return Duration.ofMillis(healthStuckAfterMs);
    }

    /** Where this instance answers interactive queries ({@code application.server}), if set. */
    public Optional<HostInfo> applicationServer() {
        return Optional.ofNullable(applicationServer);
    }

    /** Where and how local state is kept. */
    public StateSettings state() {
        return state;
    }

    /** Consumer settings given with the {@code consumer.} prefix (prefix removed) and shared security settings. */
    public Map<String, Object> consumerOverrides() {
        return consumerOverrides;
    }

    public Map<String, Object> producerOverrides() {
        return producerOverrides;
    }

    public Map<String, Object> adminOverrides() {
        return adminOverrides;
    }

    /**
     * The values this config was built from, secrets included (printing the map hides them; its
     * values do not).
     */
    public Map<String, Object> originals() {
        return originals;
    }

    /** The values this config was built from, with every secret value shown as {@code [hidden]}. */
    @Override
    public String toString() {
        return "EosConfig" + SecretKeys.describe(originals);
    }

    private static long healthStuckAfter(ConfigValues v, long commitIntervalMs) {
        long dflt = Math.max(HEALTH_STUCK_MIN_DEFAULT_MS, HEALTH_STUCK_COMMIT_INTERVALS * commitIntervalMs);
        Object raw = v.has(HEALTH_STUCK_AFTER_MS) ? v.remaining().get(HEALTH_STUCK_AFTER_MS) : null;
        long after = v.longAtLeast(HEALTH_STUCK_AFTER_MS, dflt, 1);
        if (raw != null && after < 2 * commitIntervalMs) {
            throw new ConfigException(HEALTH_STUCK_AFTER_MS, raw,
                    "is shorter than two commit intervals (" + COMMIT_INTERVAL_MS + "=" + commitIntervalMs
                            + "): a thread that commits on time would be reported stuck",
                    "set it to at least " + 2 * commitIntervalMs + ", or remove it for the default ("
                            + dflt + " ms)");
        }
        return after;
    }

    private static long commitMinInterval(ConfigValues v, long commitIntervalMs) {
        boolean set = v.has(COMMIT_MIN_INTERVAL_MS);
        long min = v.longAtLeast(COMMIT_MIN_INTERVAL_MS, Math.min(DEFAULT_COMMIT_MIN_INTERVAL_MS, commitIntervalMs), 0);
        if (set && min > commitIntervalMs) {
            throw new ConfigException(COMMIT_MIN_INTERVAL_MS, min,
                    "is longer than " + COMMIT_INTERVAL_MS + "=" + commitIntervalMs,
                    "set it to at most " + commitIntervalMs + "; equal to " + COMMIT_INTERVAL_MS
                            + " commits on the interval only");
        }
        return min;
    }

    private static StateSettings stateSettings(ConfigValues v) {
        Object dir = v.take(STATE_DIR);
        java.nio.file.Path stateDir = dir == null || dir.toString().isBlank()
                ? StateSettings.defaultStateDir() : java.nio.file.Path.of(dir.toString().trim());
        int rf = v.intAtLeast(STATE_CHANGELOG_REPLICATION_FACTOR, -1, -1);
        if (rf == 0) {
            throw new ConfigException(STATE_CHANGELOG_REPLICATION_FACTOR, 0, "is not a replication factor",
                    "use -1 for the broker default, or 1 or more");
        }
        int minIsr = v.intAtLeast(STATE_CHANGELOG_MIN_INSYNC_REPLICAS, -1, -1);
        if (minIsr == 0 || (rf > 0 && minIsr > rf)) {
            throw new ConfigException(STATE_CHANGELOG_MIN_INSYNC_REPLICAS, minIsr,
                    "must be -1 (broker default) or between 1 and the changelog replication factor " + rf,
                    "set it to -1 or to at most " + STATE_CHANGELOG_REPLICATION_FACTOR);
        }
        long pending = v.longAtLeast(STATE_MAX_PENDING_BYTES, StateSettings.DEFAULT_MAX_PENDING_BYTES, 1024);
        long cache = v.longAtLeast(ROCKSDB_BLOCK_CACHE_BYTES,
                dev.eos.state.RocksDbSettings.DEFAULT_BLOCK_CACHE_BYTES, 1 << 20);
        long buffers = v.longAtLeast(ROCKSDB_WRITE_BUFFER_BYTES,
                dev.eos.state.RocksDbSettings.DEFAULT_WRITE_BUFFER_BYTES, 1 << 20);
        dev.eos.state.RocksDbOptionsHook hook = StateSettings.hook(v.take(ROCKSDB_OPTIONS_HOOK));
        long cleanupDelay = v.longAtLeast(STATE_CLEANUP_DELAY_MS, StateSettings.DEFAULT_CLEANUP_DELAY.toMillis(), 1);
        return new StateSettings(stateDir, rf, minIsr, pending,
                new dev.eos.state.RocksDbSettings(cache, buffers, hook), Duration.ofMillis(cleanupDelay));
    }

    private static ProcessingGuarantee guarantee(Object raw) {
        if (raw == null) {
            return ProcessingGuarantee.EXACTLY_ONCE;
        }
        // "exactly-once", "EXACTLY_ONCE" and ProcessingGuarantee.EXACTLY_ONCE itself all mean the same
        String v = raw.toString().trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (v) {
            case "exactly_once":
            case "exactly_once_v2":
                return ProcessingGuarantee.EXACTLY_ONCE;
            case "at_least_once":
                return ProcessingGuarantee.AT_LEAST_ONCE;
            default:
                throw new ConfigException(PROCESSING_GUARANTEE, raw, "is not a processing guarantee",
                        "use exactly_once (the default) or at_least_once (hyphens, upper case and the "
                                + "ProcessingGuarantee constants are accepted too)");
        }
    }

    /**
     * Collects settings for an {@link EosConfig}.
     *
     * <pre>{@code
     * EosConfig c = EosConfig.builder().applicationId("a").bootstrapServers("localhost:9092").build();
     * }</pre>
     */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder applicationId(String id) {
            return set(APPLICATION_ID, id);
        }

        public Builder bootstrapServers(String servers) {
            return set(BOOTSTRAP_SERVERS, servers);
        }

        public Builder set(String key, Object value) {
            values.put(key, value);
            return this;
        }

        public Builder setAll(Map<String, ?> more) {
            values.putAll(more);
            return this;
        }

        /** Validates and builds; throws {@link ConfigException} naming the first bad key. */
        public EosConfig build() {
            return new EosConfig(values);
        }
    }
}
