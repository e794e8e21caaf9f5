package dev.eos.avro.registry;

import dev.eos.avro.registry.internal.ConfigMaps;
import dev.eos.avro.registry.internal.RegistryUrls;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * How to reach a schema registry that speaks the Confluent REST API (Confluent Schema Registry,
 * Apicurio's {@code ccompat} API, Karapace). Immutable; made with {@link #builder()} or from the
 * Confluent keys users already have in their client configs with {@link #fromMap(Map)}.
 *
 * <pre>{@code
 * SchemaRegistryClientConfig config = SchemaRegistryClientConfig.builder()
 *         .urls("https://registry-a:8081,https://registry-b:8081")
 *         .basicAuthUserInfo("svc-orders:secret")
 *         .truststore(Path.of("/etc/eos/truststore.p12"), "changeit", "PKCS12")
 *         .build();
 * try (SchemaRegistryClient client = SchemaRegistryClient.create(config)) { ... }
 * }</pre>
 *
 * <p>Keys read by {@link #fromMap(Map)} (each also accepted with the prefix {@code schema.registry.}
 * where it has none): {@value #URL}, {@value #BASIC_AUTH_CREDENTIALS_SOURCE},
 * {@value #BASIC_AUTH_USER_INFO}, {@code schema.registry.ssl.truststore.location/password/type},
 * {@code schema.registry.ssl.keystore.location/password/type}, {@value #SSL_KEY_PASSWORD},
 * {@value #CONNECT_TIMEOUT_MS}, {@value #REQUEST_TIMEOUT_MS}, {@value #MAX_RETRIES},
 * {@value #RETRIES_WAIT_MS}, {@value #RETRIES_MAX_WAIT_MS}, {@value #LATEST_CACHE_TTL_SEC}.
 * Other keys are ignored, so a whole producer or consumer config can be passed.
 *
 * <p>{@link #toString()} never shows passwords or user info.
 */
public final class SchemaRegistryClientConfig {
    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String LATEST_CACHE_TTL_SEC = "latest.cache.ttl.sec";

    private final List<URI> urls;
    private final BasicAuthCredentialsSource credentialsSource;
    private final String userInfo;
    private final Store truststore;
    private final Store keystore;
    private final String keyPassword;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration retryBackoff;
    private final Duration retryBackoffMax;
    private final Duration latestCacheTtl;

    private SchemaRegistryClientConfig(Builder b, List<URI> urls, String userInfo) {
        this.urls = List.copyOf(urls);
        this.credentialsSource = b.credentialsSource;
        this.userInfo = userInfo;
        this.truststore = b.truststore;
        this.keystore = b.keystore;
        this.keyPassword = b.keyPassword;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.retryBackoff = b.retryBackoff;
        this.retryBackoffMax = b.retryBackoffMax;
        this.latestCacheTtl = b.latestCacheTtl;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the Confluent keys listed in the class comment; other keys are ignored.
     *
     * @throws ConfigException naming the key, its value (never a secret) and the fix
     */
    public static SchemaRegistryClientConfig fromMap(Map<String, ?> configs) {
        Builder b = builder();
        String urls = ConfigMaps.string(configs, URL);
        if (urls == null) {
            throw new ConfigException(URL + " is not set; set it to the registry's URL, for example "
                    + "http://localhost:8081 (several: comma-separated)");
        }
        b.urls(urls);
        String source = ConfigMaps.string(configs, BASIC_AUTH_CREDENTIALS_SOURCE);
        if (source != null) {
            b.basicAuthCredentialsSource(parseSource(source));
        }
        String userInfo = ConfigMaps.string(configs, BASIC_AUTH_USER_INFO);
        if (userInfo != null) {
            b.userInfo = userInfo;
            if (source == null) {
                b.credentialsSource = BasicAuthCredentialsSource.USER_INFO;
            }
        }
        String trustLocation = ConfigMaps.string(configs, SSL_TRUSTSTORE_LOCATION);
        if (trustLocation != null) {
            b.truststore(Path.of(trustLocation), ConfigMaps.string(configs, SSL_TRUSTSTORE_PASSWORD),
                    ConfigMaps.string(configs, SSL_TRUSTSTORE_TYPE));
        }
        String keyLocation = ConfigMaps.string(configs, SSL_KEYSTORE_LOCATION);
        if (keyLocation != null) {
            b.keystore(Path.of(keyLocation), ConfigMaps.string(configs, SSL_KEYSTORE_PASSWORD),
                    ConfigMaps.string(configs, SSL_KEYSTORE_TYPE), ConfigMaps.string(configs, SSL_KEY_PASSWORD));
        }
        Long v;
        if ((v = ConfigMaps.number(configs, CONNECT_TIMEOUT_MS)) != null) {
            b.connectTimeout(Duration.ofMillis(v));
        }
        if ((v = ConfigMaps.number(configs, REQUEST_TIMEOUT_MS)) != null) {
            b.requestTimeout(Duration.ofMillis(v));
        }
        if ((v = ConfigMaps.number(configs, MAX_RETRIES)) != null) {
            b.maxRetries(v.intValue());
        }
        if ((v = ConfigMaps.number(configs, RETRIES_WAIT_MS)) != null) {
            b.retryBackoff(Duration.ofMillis(v));
        }
        if ((v = ConfigMaps.number(configs, RETRIES_MAX_WAIT_MS)) != null) {
            b.retryBackoffMax(Duration.ofMillis(v));
        }
        if ((v = ConfigMaps.number(configs, LATEST_CACHE_TTL_SEC)) != null) {
            b.latestCacheTtl(Duration.ofSeconds(v));
        }
        return b.build();
    }

    /** The registry base URLs, in the order tried, without user info; may carry a path prefix. */
    public List<URI> urls() {
        return urls;
    }

    public BasicAuthCredentialsSource basicAuthCredentialsSource() {
        return credentialsSource;
    }

    /** {@code user:password} to send, from {@code basic.auth.user.info} or the URL; empty without auth. */
    public Optional<String> basicAuthUserInfo() {
        return Optional.ofNullable(userInfo);
    }

    public Optional<Store> truststore() {
        return Optional.ofNullable(truststore);
    }

    public Optional<Store> keystore() {
        return Optional.ofNullable(keystore);
    }

    /** The private key's password in the keystore; the keystore's password when not set. */
    public Optional<String> keyPassword() {
        return Optional.ofNullable(keyPassword);
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** How long one HTTP request may take before it counts as a failed attempt. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /** Attempts after the first, on connection errors, timeouts, 5xx and 429. */
    public int maxRetries() {
        return maxRetries;
    }

    /** The wait before the first retry; doubled for each further one, up to {@link #retryBackoffMax()}. */
    public Duration retryBackoff() {
        return retryBackoff;
    }

    public Duration retryBackoffMax() {
        return retryBackoffMax;
    }

    /** How long a subject's latest version is cached; negative: until the client is closed; zero: not cached. */
    public Duration latestCacheTtl() {
        return latestCacheTtl;
    }

    @Override
    public String toString() {
        return "SchemaRegistryClientConfig{urls=" + urls + ", basicAuth=" + credentialsSource
                + (truststore == null ? "" : ", truststore=" + truststore)
                + (keystore == null ? "" : ", keystore=" + keystore)
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff + ".." + retryBackoffMax
                + ", latestCacheTtl=" + latestCacheTtl + "}";
    }

    /**
     * A key or trust store file.
     *
     * @param type {@code JKS} or {@code PKCS12}
     */
    public record Store(Path location, String password, String type) {
        public Store {
            Objects.requireNonNull(location, "location");
            type = type == null || type.isBlank() ? "JKS" : type.trim();
        }

        @Override
        public String toString() {
            return location + " (" + type + ")";
        }
    }

    /** Builds a {@link SchemaRegistryClientConfig}; {@link #build()} checks the combination. */
    public static final class Builder {
        private final List<String> rawUrls = new ArrayList<>();
        private BasicAuthCredentialsSource credentialsSource = BasicAuthCredentialsSource.NONE;
        private boolean sourceSet;
        private String userInfo;
        private Store truststore;
        private Store keystore;
        private String keyPassword;
        // Short, on purpose: inside Eos the app itself retries a serde that found the registry
        // unavailable, for as long as it takes; a serde call that blocks longer than the
        // transaction timeout (10 s) only gets its transaction aborted by the broker.
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(5);
        private int maxRetries = 1;
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration retryBackoffMax = Duration.ofSeconds(1);
        private Duration latestCacheTtl = Duration.ofMinutes(5);

        private Builder() {
        }

        /** One URL or several, comma-separated; the next is tried when one cannot be reached. */
        public Builder urls(String commaSeparated) {
            rawUrls.clear();
            for (String u : commaSeparated.split(",")) {
                if (!u.isBlank()) {
                    rawUrls.add(u.trim());
                }
            }
            return this;
        }

        /**
         * Where credentials come from. When not set: {@code USER_INFO} if user info was given,
         * else {@code URL} if a URL carries credentials (as Confluent's default), else none.
         */
        public Builder basicAuthCredentialsSource(BasicAuthCredentialsSource source) {
            this.credentialsSource = Objects.requireNonNull(source, "source");
            this.sourceSet = true;
            return this;
        }

        /** {@code user:password}; sets the source to {@link BasicAuthCredentialsSource#USER_INFO}. */
        public Builder basicAuthUserInfo(String userInfo) {
            this.userInfo = Objects.requireNonNull(userInfo, "userInfo");
            this.credentialsSource = BasicAuthCredentialsSource.USER_INFO;
            return this;
        }

        /** @param type {@code JKS} (default when null) or {@code PKCS12} */
        public Builder truststore(Path location, String password, String type) {
            this.truststore = new Store(location, password, type);
            return this;
        }

        /** A client certificate for mutual TLS. @param keyPassword null: the keystore's password */
        public Builder keystore(Path location, String password, String type, String keyPassword) {
            this.keystore = new Store(location, password, type);
            this.keyPassword = keyPassword;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBackoff(Duration first) {
            this.retryBackoff = Objects.requireNonNull(first, "first");
            return this;
        }

        public Builder retryBackoffMax(Duration max) {
            this.retryBackoffMax = Objects.requireNonNull(max, "max");
            return this;
        }

        /** Negative: cache until closed; zero: do not cache. */
        public Builder latestCacheTtl(Duration ttl) {
            this.latestCacheTtl = Objects.requireNonNull(ttl, "ttl");
            return this;
        }

        /** @throws ConfigException naming the key, the value (never a secret) and the fix */
        public SchemaRegistryClientConfig build() {
            if (rawUrls.isEmpty()) {
                throw new ConfigException(URL + " is empty; give at least one URL such as http://localhost:8081");
            }
            List<URI> urls = new ArrayList<>();
            String urlUserInfo = null;
            for (String raw : rawUrls) {
                URI uri = RegistryUrls.parseUrl(raw);
                if (uri.getRawUserInfo() != null) {
                    urlUserInfo = RegistryUrls.decode(uri.getRawUserInfo());
                }
                urls.add(RegistryUrls.withoutUserInfo(uri));
            }
            if (!sourceSet && credentialsSource == BasicAuthCredentialsSource.NONE && urlUserInfo != null) {
                credentialsSource = BasicAuthCredentialsSource.URL;
            }
            String effectiveUserInfo = switch (credentialsSource) {
                case NONE -> null;
                case USER_INFO -> {
                    if (userInfo == null || userInfo.indexOf(':') < 0) {
                        throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=USER_INFO needs "
                                + BASIC_AUTH_USER_INFO + " as user:password" + (userInfo == null ? ", which is not set"
                                : ", which has no ':' (value hidden)"));
                    }
                    yield userInfo;
                }
                case URL -> {
                    if (urlUserInfo == null || urlUserInfo.indexOf(':') < 0) {
                        throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=URL needs the credentials in "
                                + URL + " as https://user:password@host:port; " + urls + " has none");
                    }
                    yield urlUserInfo;
                }
            };
            check(!connectTimeout.isNegative() && !connectTimeout.isZero(), CONNECT_TIMEOUT_MS, connectTimeout.toMillis(),
                    "a positive number of milliseconds");
            check(!requestTimeout.isNegative() && !requestTimeout.isZero(), REQUEST_TIMEOUT_MS, requestTimeout.toMillis(),
                    "a positive number of milliseconds");
            check(maxRetries >= 0, MAX_RETRIES, maxRetries, "0 or more");
            check(!retryBackoff.isNegative(), RETRIES_WAIT_MS, retryBackoff.toMillis(), "0 or more milliseconds");
            check(retryBackoffMax.compareTo(retryBackoff) >= 0, RETRIES_MAX_WAIT_MS, retryBackoffMax.toMillis(),
                    "at least " + RETRIES_WAIT_MS + " (" + retryBackoff.toMillis() + ")");
            return new SchemaRegistryClientConfig(this, urls, effectiveUserInfo);
        }

        private static void check(boolean ok, String key, Object value, String expected) {
            if (!ok) {
                throw new ConfigException(key + "=" + value + " is not valid; use " + expected);
            }
        }

    }

    private static BasicAuthCredentialsSource parseSource(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return switch (v) {
            case "USER_INFO" -> BasicAuthCredentialsSource.USER_INFO;
            case "URL" -> BasicAuthCredentialsSource.URL;
            case "", "NONE" -> BasicAuthCredentialsSource.NONE;
            default -> throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=" + value
                    + " is not supported; use USER_INFO (with " + BASIC_AUTH_USER_INFO + ") or URL"
                    + (v.equals("SASL_INHERIT") ? " (SASL_INHERIT is not supported by Eos's client)" : ""));
        };
    }

}
