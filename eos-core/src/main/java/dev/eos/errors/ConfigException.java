package dev.eos.errors;

import dev.eos.internal.config.SecretKeys;

/**
 * A configuration value Eos cannot run with, reported at start-up before any record is read.
 * The value of a secret setting (a password, {@code sasl.jaas.config}, ...) is never quoted: the
 * message and {@link #value()} show {@code [hidden]} instead.
 *
 * <pre>{@code
 * try {
 *     EosConfig.from(props);
 * } catch (ConfigException e) {
 *     // e.g. "commit.interval.ms=0 is too small: must be at least 1. Fix: set it to at least 1 (default 100)"
 *     System.err.println(e.getMessage() + " (key " + e.key() + ")");
 * }
 * }</pre>
 */
public class ConfigException extends EosException {
    private final String key;
    private final Object value;

    public ConfigException(String key, Object value, String problem, String fix) {
        super(key + "=" + SecretKeys.shown(key, value) + " " + problem + ". Fix: " + fix);
        this.key = key;
        this.value = SecretKeys.shown(key, value);
    }

    /** The config key at fault. */
    public String key() {
        return key;
    }

    /**
     * The value given for {@link #key()}, or {@code null} if it was missing; {@code [hidden]} if
     * the key holds a secret.
     */
    public Object value() {
        return value;
    }
}
