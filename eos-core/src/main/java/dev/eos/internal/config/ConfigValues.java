package dev.eos.internal.config;

import dev.eos.errors.ConfigException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Takes typed values out of a map of settings, each read removing its key, so that what is
 * left at the end are the keys no one asked for. A bad value fails with a
 * {@link ConfigException} naming the key, the value, what is wrong and the fix.
 *
 * <pre>{@code
 * ConfigValues values = new ConfigValues(Map.of("num.threads", "2"));
 * int threads = values.intAtLeast("num.threads", 1, 1);   // 2
 * values.remaining();                                      // {}
 * }</pre>
 */
public final class ConfigValues {
    private static final Pattern VALID_ID = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_ID_LENGTH = 200;

    private final Map<String, Object> remaining;

    public ConfigValues(Map<String, ?> values) {
        this.remaining = new LinkedHashMap<>(values);
    }

    /** The keys not read so far, in their original order. */
    public Map<String, Object> remaining() {
        return remaining;
    }

    public boolean has(String key) {
        return remaining.containsKey(key);
    }

    /** The raw value, or null if the key is not set. */
    public Object take(String key) {
        return remaining.remove(key);
    }

    /** A value that must be set and not blank, trimmed. */
    public String required(String key, String fix) {
        Object v = remaining.remove(key);
        if (v == null || v.toString().isBlank()) {
            throw new ConfigException(key, v, "is required", fix);
        }
        return v.toString().trim();
    }

    /** An id: letters, digits, '.', '_' and '-', at most 200 characters. */
    public static String checkId(String key, String id) {
        if (!VALID_ID.matcher(id).matches() || id.length() > MAX_ID_LENGTH) {
            throw new ConfigException(key, id, "is not a valid id",
                    "use at most " + MAX_ID_LENGTH + " characters out of letters, digits, '.', '_' and '-'");
        }
        return id;
    }

    public int intAtLeast(String key, int dflt, int min) {
        Object raw = remaining.get(key);
        long v = longAtLeast(key, dflt, min);
        if (v > Integer.MAX_VALUE) {
            throw new ConfigException(key, raw, "is too large", "set it to at most " + Integer.MAX_VALUE);
        }
        return (int) v;
    }

    /** A whole number, given as a number or a string. */
    public long longAtLeast(String key, long dflt, long min) {
        Object raw = remaining.remove(key);
        if (raw == null) {
            return dflt;
        }
        long v;
        try {
            boolean integral = raw instanceof Integer || raw instanceof Long || raw instanceof Short
                    || raw instanceof Byte;
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

    /** An enum constant, named case-insensitively, with '-' for '_'. */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E dflt) {
        Object raw = remaining.remove(key);
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
}
