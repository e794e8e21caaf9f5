package dev.eos.internal.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Decides which setting holds a secret, so that its value is shown as {@value #HIDDEN} wherever
 * Eos prints settings: {@code EosConfig.toString()}, log lines and {@code ConfigException}
 * messages. Only the printing changes; the runtime still passes the real value to the clients.
 *
 * <p>A key is secret, with or without a {@code consumer.}, {@code producer.} or {@code admin.}
 * prefix and in any case, when
 * <ol>
 *   <li>it ends with one of the keys Kafka's clients declare as passwords (and hide in their own
 *       logs): {@code sasl.jaas.config} (it embeds the SASL password),
 *       {@code ssl.keystore.password}, {@code ssl.key.password}, {@code ssl.truststore.password},
 *       {@code ssl.keystore.key} (a PEM private key), {@code ssl.keystore.certificate.chain},
 *       {@code ssl.truststore.certificates},
 *       {@code sasl.oauthbearer.client.credentials.client.secret} and
 *       {@code sasl.oauthbearer.assertion.private.key.passphrase}; or</li>
 *   <li>it contains {@code password}, {@code passphrase}, {@code secret}, {@code jaas} or
 *       {@code user.info} ({@code basic.auth.user.info} is {@code user:password} for a schema
 *       registry): settings Kafka does not know, or a misspelled secret key that Eos refuses,
 *       are hidden too.</li>
 * </ol>
 * Hiding too much costs a less helpful message; hiding too little leaks a credential into logs
 * that many people read. So the second rule errs on the side of hiding.
 *
 * <pre>{@code
 * SecretKeys.isSecret("producer.ssl.key.password");        // true
 * SecretKeys.shown("sasl.jaas.config", "... password=\"x\";");   // "[hidden]"
 * SecretKeys.describe(Map.of("num.threads", 2));            // "{num.threads=2}"
 * }</pre>
 */
public final class SecretKeys {
    /** What is printed instead of a secret value (the same text Kafka prints). */
    public static final String HIDDEN = "[hidden]";

    private static final List<String> CLIENT_PREFIXES = List.of("consumer.", "producer.", "admin.");
    private static final Set<String> KAFKA_PASSWORD_KEYS = Set.of(
            "sasl.jaas.config",
            "ssl.keystore.password",
            "ssl.key.password",
            "ssl.truststore.password",
            "ssl.keystore.key",
            "ssl.keystore.certificate.chain",
            "ssl.truststore.certificates",
            "sasl.oauthbearer.client.credentials.client.secret",
            "sasl.oauthbearer.assertion.private.key.passphrase");
    private static final List<String> SECRET_WORDS = List.of("password", "passphrase", "secret", "jaas", "user.info");

    private SecretKeys() {
    }

    /** Whether the value of {@code key} must never be printed. */
    public static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String k = key.trim().toLowerCase(Locale.ROOT);
        for (String prefix : CLIENT_PREFIXES) {
            if (k.startsWith(prefix)) {
                k = k.substring(prefix.length());
                break;
            }
        }
        for (String kafkaKey : KAFKA_PASSWORD_KEYS) {
            if (k.equals(kafkaKey) || k.endsWith("." + kafkaKey)) {
                return true;
            }
        }
        for (String word : SECRET_WORDS) {
            if (k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The value as it may be printed: {@value #HIDDEN} for a secret key (unless the value is null). */
    public static Object shown(String key, Object value) {
        return value != null && isSecret(key) ? HIDDEN : value;
    }

    /** {@code {key=value, ...}} in the map's order, secret values hidden. */
    public static String describe(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, ?> e : values.entrySet()) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
        }
        return sb.append('}').toString();
    }
}
