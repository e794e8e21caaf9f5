package dev.eos.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds and splits compound {@code String} keys such as {@code "u1:s9"} (user, then session).
 * A part may not contain the separator, so every compound key splits back into exactly the parts
 * it was built from.
 *
 * <pre>{@code
 * String key = CompoundKey.of(":", "u1", "s9");            // "u1:s9"
 * List<String> parts = CompoundKey.parts(":", key);        // ["u1", "s9"]
 * String user = CompoundKey.prefix(":", key);              // "u1"
 * events.selectKey((country, e) -> CompoundKey.of(":", e.userId(), e.sessionId()))
 *       .to("events-by-session", Produced.with(Serdes.String(), eventSerde)
 *               .withPartitioner(Partitioners.byKeyPrefix(":")));   // a user's sessions share a partition
 * }</pre>
 */
public final class CompoundKey {
    private CompoundKey() {
    }

    /**
     * Joins {@code parts} with {@code separator}.
     *
     * @throws IllegalArgumentException if the separator is empty, there are no parts, or a part
     *         contains the separator (it would split back into other parts)
     * @throws NullPointerException if the separator or a part is null
     */
    public static String of(String separator, String... parts) {
        return of(separator, List.of(parts));
    }

    /** Like {@link #of(String, String...)}, for parts in a list. */
    public static String of(String separator, List<String> parts) {
        requireSeparator(separator);
        Objects.requireNonNull(parts, "parts");
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("A compound key needs at least one part");
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            if (part == null) {
                throw new NullPointerException("Part " + i + " of a compound key is null");
            }
            if (part.contains(separator)) {
                throw new IllegalArgumentException("Part " + i + " of a compound key, '" + part
                        + "', contains the separator '" + separator + "'; it would not split back into the same parts."
                        + " Choose a separator that cannot occur in the parts");
            }
            if (i > 0) {
                key.append(separator);
            }
            key.append(part);
        }
        return key.toString();
    }

    /**
     * Splits {@code key} at every {@code separator} (literally, not as a regular expression).
     * Empty parts are kept: {@code parts(":", "a::b")} is {@code ["a", "", "b"]}. A key without
     * the separator is one part.
     */
    public static List<String> parts(String separator, String key) {
        requireSeparator(separator);
        Objects.requireNonNull(key, "key");
        List<String> parts = new ArrayList<>();
        int start = 0;
        int at;
        while ((at = key.indexOf(separator, start)) >= 0) {
            parts.add(key.substring(start, at));
            start = at + separator.length();
        }
        parts.add(key.substring(start));
        return List.copyOf(parts);
    }

    /** The first part of {@code key}: everything before the first separator, or the whole key. */
    public static String prefix(String separator, String key) {
        requireSeparator(separator);
        Objects.requireNonNull(key, "key");
        int at = key.indexOf(separator);
        return at < 0 ? key : key.substring(0, at);
    }

    private static void requireSeparator(String separator) {
        Objects.requireNonNull(separator, "separator");
        if (separator.isEmpty()) {
            throw new IllegalArgumentException("The separator of a compound key must not be empty");
        }
    }
}
