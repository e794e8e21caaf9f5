package dev.eos.avro;

import dev.eos.avro.internal.SubjectNameStrategies;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How the Avro serdes find and name schemas. Immutable; made with {@link #builder()} or, from the
 * Confluent keys users already have, with {@link #fromMap(Map)}.
 *
 * <pre>{@code
 * AvroSerdeConfig config = AvroSerdeConfig.builder()
 *         .registryUrl("https://registry:8081")
 *         .autoRegisterSchemas(false)          // production: schemas are registered by CI
 *         .useLatestVersion(true)
 *         .build();
 * Serde<GenericRecord> values = GenericAvroSerde.forValues(config);
 * }</pre>
 *
 * <p>{@code auto.register.schemas} defaults to {@code true}, as in Confluent's serdes, which suits
 * tests and demos. In production turn it off: schemas are then registered (and checked for
 * compatibility) by a deliberate step such as CI, and a producer with an unexpected schema fails
 * instead of silently adding a version.
 *
 * <p>Writing, by setting: {@code auto.register.schemas=true} registers the record's schema (once per
 * schema) and writes with it; {@code false} with {@code use.latest.version=false} looks up the id of
 * the record's schema under its subject and fails if it is not registered; {@code false} with
 * {@code use.latest.version=true} writes with the subject's latest schema (fields matched by name,
 * missing ones take the latest schema's default), refreshed every {@code latest.cache.ttl.sec}.
 */
public final class AvroSerdeConfig {
    public static final String SCHEMA_REGISTRY_URL = SchemaRegistryClientConfig.URL;
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /**
     * Eos only: a {@link SchemaRegistryClient} instance (not a string) in the client config map, for
     * serdes created by class name that should share one client. The serde then does not close it.
     */
    public static final String SCHEMA_REGISTRY_CLIENT_INSTANCE = "eos.schema.registry.client.instance";

    private final SchemaRegistryClientConfig registry;
    private final boolean autoRegisterSchemas;
    private final boolean useLatestVersion;
    private final boolean specificAvroReader;
    private final SubjectNameStrategy keySubjectNameStrategy;
    private final SubjectNameStrategy valueSubjectNameStrategy;

    private AvroSerdeConfig(Builder b, SchemaRegistryClientConfig registry) {
        this.registry = registry;
        this.autoRegisterSchemas = b.autoRegisterSchemas;
        this.useLatestVersion = b.useLatestVersion;
        this.specificAvroReader = b.specificAvroReader;
        this.keySubjectNameStrategy = b.keySubjectNameStrategy;
        this.valueSubjectNameStrategy = b.valueSubjectNameStrategy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the Confluent keys ({@value #AUTO_REGISTER_SCHEMAS}, {@value #USE_LATEST_VERSION},
     * {@value #SPECIFIC_AVRO_READER}, {@value #KEY_SUBJECT_NAME_STRATEGY},
     * {@value #VALUE_SUBJECT_NAME_STRATEGY}) and, when {@value #SCHEMA_REGISTRY_URL} is set, the
     * registry client's keys ({@link SchemaRegistryClientConfig#fromMap}). Other keys are ignored.
     *
     * @throws ConfigException naming the key, its value and the fix
     */
    public static AvroSerdeConfig fromMap(Map<String, ?> configs) {
        Builder b = builder();
        if (configs.get(SCHEMA_REGISTRY_URL) != null) {
            b.registry(SchemaRegistryClientConfig.fromMap(configs));
        }
        Boolean v;
        if ((v = bool(configs, AUTO_REGISTER_SCHEMAS)) != null) {
            b.autoRegisterSchemas(v);
        }
        if ((v = bool(configs, USE_LATEST_VERSION)) != null) {
            b.useLatestVersion(v);
        }
        if ((v = bool(configs, SPECIFIC_AVRO_READER)) != null) {
            b.specificAvroReader(v);
        }
        b.keySubjectNameStrategy(strategy(configs, KEY_SUBJECT_NAME_STRATEGY));
        b.valueSubjectNameStrategy(strategy(configs, VALUE_SUBJECT_NAME_STRATEGY));
        return b.build();
    }

    /** The registry to create a client for; empty when the serde is given a client instead. */
    public Optional<SchemaRegistryClientConfig> registry() {
        return Optional.ofNullable(registry);
    }

    public boolean autoRegisterSchemas() {
        return autoRegisterSchemas;
    }

    public boolean useLatestVersion() {
        return useLatestVersion;
    }

    /** Generic deserializers return generated classes (found by the writer schema's full name). */
    public boolean specificAvroReader() {
        return specificAvroReader;
    }

    public SubjectNameStrategy keySubjectNameStrategy() {
        return keySubjectNameStrategy;
    }

    public SubjectNameStrategy valueSubjectNameStrategy() {
        return valueSubjectNameStrategy;
    }

    public SubjectNameStrategy subjectNameStrategy(boolean isKey) {
        return isKey ? keySubjectNameStrategy : valueSubjectNameStrategy;
    }

    @Override
    public String toString() {
        return "AvroSerdeConfig{registry=" + registry + ", autoRegisterSchemas=" + autoRegisterSchemas
                + ", useLatestVersion=" + useLatestVersion + ", specificAvroReader=" + specificAvroReader
                + ", keySubjectNameStrategy=" + keySubjectNameStrategy + ", valueSubjectNameStrategy="
                + valueSubjectNameStrategy + "}";
    }

    private static Boolean bool(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null) {
            return null;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw new ConfigException(key + "=" + v + " is not a boolean; use true or false");
    }

    private static SubjectNameStrategy strategy(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null) {
            return SubjectNameStrategy.TOPIC_NAME;
        }
        if (v instanceof SubjectNameStrategy s) {
            return s;
        }
        if (v instanceof Class<?> c) {
            return SubjectNameStrategies.forName(c.getName(), key);
        }
        return SubjectNameStrategies.forName(String.valueOf(v), key);
    }

    /** Builds an {@link AvroSerdeConfig}; {@link #build()} checks the combination. */
    public static final class Builder {
        private SchemaRegistryClientConfig registry;
        private String registryUrl;
        private boolean autoRegisterSchemas = true;
        private boolean useLatestVersion;
        private boolean specificAvroReader;
        private SubjectNameStrategy keySubjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;
        private SubjectNameStrategy valueSubjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;

        private Builder() {
        }

        /** Shortcut for a registry without auth or TLS: one URL or several, comma-separated. */
        public Builder registryUrl(String urls) {
            this.registryUrl = Objects.requireNonNull(urls, "urls");
            this.registry = null;
            return this;
        }

        public Builder registry(SchemaRegistryClientConfig registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
            this.registryUrl = null;
            return this;
        }

        /** Default true, as Confluent's; turn off in production. */
        public Builder autoRegisterSchemas(boolean autoRegister) {
            this.autoRegisterSchemas = autoRegister;
            return this;
        }

        /** Write with the subject's latest schema; needs {@code autoRegisterSchemas(false)}. */
        public Builder useLatestVersion(boolean useLatest) {
            this.useLatestVersion = useLatest;
            return this;
        }

        public Builder specificAvroReader(boolean specific) {
            this.specificAvroReader = specific;
            return this;
        }

        public Builder keySubjectNameStrategy(SubjectNameStrategy strategy) {
            this.keySubjectNameStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        public Builder valueSubjectNameStrategy(SubjectNameStrategy strategy) {
            this.valueSubjectNameStrategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /** @throws ConfigException when settings conflict, naming both keys */
        public AvroSerdeConfig build() {
            if (useLatestVersion && autoRegisterSchemas) {
                throw new ConfigException(USE_LATEST_VERSION + "=true needs " + AUTO_REGISTER_SCHEMAS
                        + "=false (auto.register.schemas defaults to true; with both on it is unclear which schema to "
                        + "write); set " + AUTO_REGISTER_SCHEMAS + "=false");
            }
            SchemaRegistryClientConfig r = registry;
            if (r == null && registryUrl != null) {
                r = SchemaRegistryClientConfig.builder().urls(registryUrl).build();
            }
            return new AvroSerdeConfig(this, r);
        }
    }
}
