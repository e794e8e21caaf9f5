package dev.eos.internal.config;

import dev.eos.EosConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Finds client settings that the Kafka client they go to does not define (its {@code ConfigDef}),
 * such as {@code producer.compresion.type}, and names the closest key it does define. They are
 * warned about, not refused: serializers, interceptors and other plugins read keys of their own.
 *
 * <pre>{@code
 * UnknownClientKeys.of(Map.of("producer.compresion.type", "lz4"));
 * // ["producer.compresion.type is not a producer setting; did you mean producer.compression.type?"]
 * }</pre>
 */
public final class UnknownClientKeys {
    private UnknownClientKeys() {
    }

    /**
     * One sentence per unknown key, named as the user wrote it.
     *
     * @param settings the client settings as given: prefixed {@code consumer.}, {@code producer.}
     *     or {@code admin.}, or unprefixed shared security settings (checked against the consumer's
     *     keys, which include every security key)
     */
    public static List<String> of(Map<String, Object> settings) {
        List<String> out = new ArrayList<>();
        for (String key : settings.keySet()) {
            if (key.startsWith(EosConfig.CONSUMER_PREFIX)) {
                check(key, EosConfig.CONSUMER_PREFIX, "consumer", ConsumerConfig.configNames(), out);
            } else if (key.startsWith(EosConfig.PRODUCER_PREFIX)) {
                check(key, EosConfig.PRODUCER_PREFIX, "producer", ProducerConfig.configNames(), out);
            } else if (key.startsWith(EosConfig.ADMIN_PREFIX)) {
                check(key, EosConfig.ADMIN_PREFIX, "admin client", AdminClientConfig.configNames(), out);
            } else {
                check(key, "", "client", ConsumerConfig.configNames(), out);
            }
        }
        return out;
    }

    private static void check(String key, String prefix, String client, Set<String> known, List<String> out) {
        String name = key.substring(prefix.length());
        if (known.contains(name)) {
            return;
        }
        String closest = closest(name, known);
        out.add(key + " is not a " + client + " setting Kafka knows, so the " + client
                + " ignores it unless a plugin of yours reads it"
                + (closest == null ? "" : "; did you mean " + prefix + closest + "?"));
    }

    /** The known key at the smallest edit distance, if that distance is at most 3. */
    static String closest(String key, Set<String> known) {
        String best = null;
        int bestDistance = 4;
        for (String candidate : known) {
            int d = distance(key, candidate, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best;
    }

    /** Levenshtein distance, or {@code limit} if it is at least that. */
    private static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) >= limit) {
            return limit;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin >= limit) {
                return limit;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit);
    }
}
