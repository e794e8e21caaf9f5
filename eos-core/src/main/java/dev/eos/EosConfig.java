package dev.eos;

import dev.eos.errors.ConfigException;
import dev.eos.errors.DeserializationErrorHandling;
import dev.eos.errors.ProcessingErrorHandling;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The configuration of an {@link EosApp}: immutable, and validated when it is built, so a bad
 * value fails before anything connects, with the key, the value and the fix in the message.
 *
 * <p>Client settings pass through with a prefix: {@code consumer.}, {@code producer.} or
 * {@code admin.} for one client, and unprefixed {@code security.*}, {@code sasl.*} and
 * {@code ssl.*} for all three. Settings that would weaken exactly-once (for example
 * {@code consumer.isolation.level} or {@code producer.transactional.id}) are rejected.
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
    public static final String ROCKSDB_BLOCK_CACHE_BYTES = "rocksdb.block.cache.bytes";
    public static final String ROCKSDB_WRITE_BUFFER_BYTES = "rocksdb.write.buffer.bytes";
    public static final String ROCKSDB_OPTIONS_HOOK = "rocksdb.options.hook";
    public static final String REPARTITION_REPLICATION_FACTOR = "repartition.replication.factor";
    public static final String REPARTITION_PURGE_INTERVAL_MS = "repartition.purge.interval.ms";

    static final long DEFAULT_REPARTITION_PURGE_INTERVAL_MS = 30_000;

    public static final String CONSUMER_PREFIX = "consumer.";
    public static final String PRODUCER_PREFIX = "producer.";
    public static final String ADMIN_PREFIX = "admin.";

    static final long DEFAULT_COMMIT_INTERVAL_MS = 100;
    static final long DEFAULT_COMMIT_MIN_INTERVAL_MS = 20;
    static final int DEFAULT_TRANSACTION_MAX_RECORDS = 100_000;
    static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 10_000;
    /** The transaction must outlive one commit interval plus this much processing and commit time. */
    static final long TRANSACTION_TIMEOUT_HEADROOM_MS = 5_000;

    private static final Pattern VALID_ID = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final Set<String> SHARED_CLIENT_PREFIXES = Set.of("security.", "sasl.", "ssl.");
    private static final Map<String, String> FORBIDDEN_CLIENT_KEYS = Map.ofEntries(
            Map.entry("consumer.group.id", "the group id is application.id; set application.id instead"),
            Map.entry("consumer.group.instance.id", "static membership is not supported yet; remove it"),
            Map.entry("consumer.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("producer.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("admin.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("consumer.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("producer.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("admin.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("consumer.enable.auto.commit", "Eos commits offsets inside its transactions; remove it"),
            Map.entry("consumer.isolation.level", "Eos reads read_committed under exactly_once; remove it"),
            Map.entry("consumer.key.deserializer", "records are read as bytes; give serdes in Consumed.with(...)"),
            Map.entry("consumer.value.deserializer", "records are read as bytes; give serdes in Consumed.with(...)"),
            Map.entry("producer.transactional.id", "Eos derives it from application.id and instance.id; remove it"),
            Map.entry("producer.enable.idempotence", "transactions need idempotence; remove it"),
            Map.entry("producer.acks", "transactions need acks=all; remove it"),
            Map.entry("producer.transaction.timeout.ms", "use the top-level transaction.timeout.ms instead"),
            Map.entry("producer.key.serializer", "records are written as bytes; give serdes in Produced.with(...)"),
            Map.entry("producer.value.serializer", "records are written as bytes; give serdes in Produced.with(...)"));

    private final String applicationId;
    private final String bootstrapServers;
    private final ProcessingGuarantee processingGuarantee;
    private final int numThreads;
    private final long commitIntervalMs;
    private final long commitMinIntervalMs;
    private final int transactionMaxRecords;
    private final long transactionTimeoutMs;
    private final String instanceId;
    private final DeserializationErrorHandling deserializationErrorHandling;
    private final ProcessingErrorHandling processingErrorHandling;
    private final String deadLetterTopic;
    private final StateSettings state;
    private final int repartitionReplicationFactor;
    private final long repartitionPurgeIntervalMs;
    private final Map<String, Object> consumerOverrides;
    private final Map<String, Object> producerOverrides;
    private final Map<String, Object> adminOverrides;
    private final Map<String, Object> originals;

    private EosConfig(Map<String, ?> values) {
        Map<String, Object> remaining = new LinkedHashMap<>(values);
        this.originals = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.applicationId = requiredId(remaining, APPLICATION_ID);
        this.bootstrapServers = required(remaining, BOOTSTRAP_SERVERS,
                "set it to host:port[,host:port...] of your Kafka brokers");
        this.processingGuarantee = guarantee(remaining.remove(PROCESSING_GUARANTEE));
        this.numThreads = intAtLeast(remaining, NUM_THREADS, 1, 1);
        this.commitIntervalMs = longAtLeast(remaining, COMMIT_INTERVAL_MS, DEFAULT_COMMIT_INTERVAL_MS, 1);
        this.commitMinIntervalMs = commitMinInterval(remaining, commitIntervalMs);
        this.transactionMaxRecords = intAtLeast(remaining, TRANSACTION_MAX_RECORDS, DEFAULT_TRANSACTION_MAX_RECORDS, 1);
        this.transactionTimeoutMs = longAtLeast(remaining, TRANSACTION_TIMEOUT_MS, DEFAULT_TRANSACTION_TIMEOUT_MS, 1);
        if (transactionTimeoutMs < commitIntervalMs + TRANSACTION_TIMEOUT_HEADROOM_MS) {
            throw new ConfigException(TRANSACTION_TIMEOUT_MS, transactionTimeoutMs,
                    "is too short for " + COMMIT_INTERVAL_MS + "=" + commitIntervalMs
                            + ": the broker would abort transactions that are still being processed or committed",
                    "set it to at least " + (commitIntervalMs + TRANSACTION_TIMEOUT_HEADROOM_MS)
                            + " (commit.interval.ms + " + TRANSACTION_TIMEOUT_HEADROOM_MS + " ms headroom)");
        }
        Object instance = remaining.remove(INSTANCE_ID);
        this.instanceId = instance == null ? UUID.randomUUID().toString() : checkId(INSTANCE_ID, instance.toString());
        this.deserializationErrorHandling = enumValue(remaining, DESERIALIZATION_ERROR_HANDLER,
                DeserializationErrorHandling.class, DeserializationErrorHandling.FAIL);
        this.processingErrorHandling = enumValue(remaining, PROCESSING_ERROR_HANDLER,
                ProcessingErrorHandling.class, ProcessingErrorHandling.FAIL);
        Object dlq = remaining.remove(DEAD_LETTER_TOPIC);
        this.deadLetterTopic = dlq == null ? applicationId + "-dead-letters" : dlq.toString().trim();
        this.state = stateSettings(remaining);
        this.repartitionReplicationFactor = intAtLeast(remaining, REPARTITION_REPLICATION_FACTOR, -1, -1);
        if (repartitionReplicationFactor == 0) {
            throw new ConfigException(REPARTITION_REPLICATION_FACTOR, 0, "is not a replication factor",
                    "use -1 for the broker default, or 1 or more");
        }
        this.repartitionPurgeIntervalMs = longAtLeast(remaining, REPARTITION_PURGE_INTERVAL_MS,
                DEFAULT_REPARTITION_PURGE_INTERVAL_MS, 1);
        Map<String, Object> consumer = new LinkedHashMap<>();
        Map<String, Object> producer = new LinkedHashMap<>();
        Map<String, Object> admin = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : remaining.entrySet()) {
            String key = e.getKey();
            String fix = FORBIDDEN_CLIENT_KEYS.get(key);
            if (fix != null) {
                throw new ConfigException(key, e.getValue(), "cannot be set because Eos manages it", fix);
            }
            if (key.startsWith(CONSUMER_PREFIX)) {
                consumer.put(key.substring(CONSUMER_PREFIX.length()), e.getValue());
            } else if (key.startsWith(PRODUCER_PREFIX)) {
                producer.put(key.substring(PRODUCER_PREFIX.length()), e.getValue());
            } else if (key.startsWith(ADMIN_PREFIX)) {
                admin.put(key.substring(ADMIN_PREFIX.length()), e.getValue());
            } else if (SHARED_CLIENT_PREFIXES.stream().anyMatch(key::startsWith)) {
                consumer.put(key, e.getValue());
                producer.put(key, e.getValue());
                admin.put(key, e.getValue());
            } else {
                throw new ConfigException(key, e.getValue(), "is not an Eos config key",
                        "check the spelling against docs/reference/configuration.md; Kafka client settings "
                                + "take a consumer., producer. or admin. prefix");
            }
        }
        this.consumerOverrides = Collections.unmodifiableMap(consumer);
        this.producerOverrides = Collections.unmodifiableMap(producer);
        this.adminOverrides = Collections.unmodifiableMap(admin);
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
     * Identifies this instance across restarts; part of every transactional id. Set it to a
     * stable value per instance (e.g. the pod name) so a restarted instance aborts the
     * transaction its crashed predecessor left open at once instead of after
     * {@code transaction.timeout.ms}. Defaults to a random id.
     */
    public String instanceId() {
        return instanceId;
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

    /** The values this config was built from. */
    public Map<String, Object> originals() {
        return originals;
    }

    @Override
    public String toString() {
        return "EosConfig" + originals;
    }

    private static long commitMinInterval(Map<String, Object> values, long commitIntervalMs) {
        boolean set = values.containsKey(COMMIT_MIN_INTERVAL_MS);
        long min = longAtLeast(values, COMMIT_MIN_INTERVAL_MS,
                Math.min(DEFAULT_COMMIT_MIN_INTERVAL_MS, commitIntervalMs), 0);
        if (set && min > commitIntervalMs) {
            throw new ConfigException(COMMIT_MIN_INTERVAL_MS, min,
                    "is longer than " + COMMIT_INTERVAL_MS + "=" + commitIntervalMs,
                    "set it to at most " + commitIntervalMs + "; equal to " + COMMIT_INTERVAL_MS
                            + " commits on the interval only");
        }
        return min;
    }

    private static StateSettings stateSettings(Map<String, Object> values) {
        Object dir = values.remove(STATE_DIR);
        java.nio.file.Path stateDir = dir == null || dir.toString().isBlank()
                ? StateSettings.defaultStateDir() : java.nio.file.Path.of(dir.toString().trim());
        int rf = intAtLeast(values, STATE_CHANGELOG_REPLICATION_FACTOR, -1, -1);
        if (rf == 0) {
            throw new ConfigException(STATE_CHANGELOG_REPLICATION_FACTOR, 0, "is not a replication factor",
                    "use -1 for the broker default, or 1 or more");
        }
        int minIsr = intAtLeast(values, STATE_CHANGELOG_MIN_INSYNC_REPLICAS, -1, -1);
        if (minIsr == 0 || (rf > 0 && minIsr > rf)) {
            throw new ConfigException(STATE_CHANGELOG_MIN_INSYNC_REPLICAS, minIsr,
                    "must be -1 (broker default) or between 1 and the changelog replication factor " + rf,
                    "set it to -1 or to at most " + STATE_CHANGELOG_REPLICATION_FACTOR);
        }
        long pending = longAtLeast(values, STATE_MAX_PENDING_BYTES, StateSettings.DEFAULT_MAX_PENDING_BYTES, 1024);
        long cache = longAtLeast(values, ROCKSDB_BLOCK_CACHE_BYTES,
                dev.eos.state.RocksDbSettings.DEFAULT_BLOCK_CACHE_BYTES, 1 << 20);
        long buffers = longAtLeast(values, ROCKSDB_WRITE_BUFFER_BYTES,
                dev.eos.state.RocksDbSettings.DEFAULT_WRITE_BUFFER_BYTES, 1 << 20);
        dev.eos.state.RocksDbOptionsHook hook = StateSettings.hook(values.remove(ROCKSDB_OPTIONS_HOOK));
        return new StateSettings(stateDir, rf, minIsr, pending,
                new dev.eos.state.RocksDbSettings(cache, buffers, hook));
    }

    private static String required(Map<String, Object> values, String key, String fix) {
        Object v = values.remove(key);
        if (v == null || v.toString().isBlank()) {
            throw new ConfigException(key, v, "is required", fix);
        }
        return v.toString().trim();
    }

    private static String requiredId(Map<String, Object> values, String key) {
        return checkId(key, required(values, key, "set it to a name for your app, e.g. orders-enricher; "
                + "it is the consumer group id and prefixes every internal topic"));
    }

    private static String checkId(String key, String id) {
        if (!VALID_ID.matcher(id).matches() || id.length() > 200) {
            throw new ConfigException(key, id, "is not a valid id",
                    "use at most 200 characters out of letters, digits, '.', '_' and '-'");
        }
        return id;
    }

    private static ProcessingGuarantee guarantee(Object raw) {
        if (raw == null) {
            return ProcessingGuarantee.EXACTLY_ONCE;
        }
        String v = raw.toString().trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "exactly_once":
            case "exactly_once_v2":
                return ProcessingGuarantee.EXACTLY_ONCE;
            case "at_least_once":
                return ProcessingGuarantee.AT_LEAST_ONCE;
            default:
                throw new ConfigException(PROCESSING_GUARANTEE, raw, "is not a processing guarantee",
                        "use exactly_once (the default) or at_least_once");
        }
    }

    private static int intAtLeast(Map<String, Object> values, String key, int dflt, int min) {
        Object raw = values.get(key);
        long v = longAtLeast(values, key, dflt, min);
        if (v > Integer.MAX_VALUE) {
            throw new ConfigException(key, raw, "is too large", "set it to at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    private static long longAtLeast(Map<String, Object> values, String key, long dflt, long min) {
        Object raw = values.remove(key);
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            boolean integral = raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte;
            v = integral ? ((Number) raw).longValue() : Long.parseLong(raw.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, raw, "is not a whole number", "set a whole number, e.g. " + dflt);
        }
        if (v < min) {
            throw new ConfigException(key, raw, "is too small: must be at least " + min,
                    "set it to at least " + min + " (default " + dflt + ")");
        }
        return v;
    }

    private static <E extends Enum<E>> E enumValue(Map<String, Object> values, String key, Class<E> type, E dflt) {
        Object raw = values.remove(key);
        if (raw == null) {
            return dflt;
        }
        String name = raw.toString().trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            StringBuilder allowed = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                allowed.append(allowed.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new ConfigException(key, raw, "is not one of " + allowed, "use one of " + allowed);
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
