package dev.eos.avro.compat;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which earlier versions of a subject a new schema version must stay compatible with, and in
 * which direction. The names and meanings are the Confluent Schema Registry's (also Apicurio's
 * {@code ccompat} API and Karapace):
 * <ul>
 *   <li>{@code BACKWARD}: consumers using the new schema can read data written with the latest
 *       earlier one (upgrade consumers first). The registries' default.</li>
 *   <li>{@code FORWARD}: consumers still on the latest earlier schema can read data written with
 *       the new one (upgrade producers first).</li>
 *   <li>{@code FULL}: both.</li>
 *   <li>{@code *_TRANSITIVE}: the same against every earlier version, not only the latest.</li>
 *   <li>{@code NONE}: no check.</li>
 * </ul>
 *
 * <pre>{@code
 * CompatibilityLevel level = CompatibilityLevel.parse("backward_transitive");
 * assert level.backward() && level.transitive();
 * }</pre>
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** A reader with the new schema must read data written with the earlier ones. */
    public boolean backward() {
        return backward;
    }

    /** A reader with an earlier schema must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Checked against every earlier version, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /**
     * Parses a level name, case-insensitive, {@code -} taken as {@code _}.
     *
     * @throws IllegalArgumentException naming the value and the accepted names
     */
    public static CompatibilityLevel parse(String name) {
        String normalized = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (CompatibilityLevel level : values()) {
            if (level.name().equals(normalized)) {
                return level;
            }
        }
        throw new IllegalArgumentException("Unknown compatibility level '" + name + "'; use one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
