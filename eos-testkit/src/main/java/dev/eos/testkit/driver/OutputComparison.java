package dev.eos.testkit.driver;

import dev.eos.dsl.KeyValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The comparisons behind {@link DifferentialCheck}: each returns the empty string if the two
 * outputs agree, or else one line per difference (at most {@code limit}, then a count of the rest).
 */
final class OutputComparison {
    private OutputComparison() {
    }

    /** Compares the outputs as multisets of key-value pairs. */
    static <K, V> String multiset(List<KeyValue<K, V>> eos, List<KeyValue<K, V>> kafkaStreams, int limit) {
        Map<KeyValue<K, V>, Integer> balance = new LinkedHashMap<>();
        eos.forEach(kv -> balance.merge(kv, 1, Integer::sum));
        kafkaStreams.forEach(kv -> balance.merge(kv, -1, Integer::sum));
        List<String> lines = new ArrayList<>();
        balance.forEach((kv, n) -> {
            if (n > 0) {
                lines.add("  only in Eos" + times(n) + ": " + kv);
            } else if (n < 0) {
                lines.add("  only in Kafka Streams" + times(-n) + ": " + kv);
            }
        });
        return join(lines, limit);
    }

    /** Compares, key by key, the sequence of values each side wrote under that key. */
    static <K, V> String orderPerKey(List<KeyValue<K, V>> eos, List<KeyValue<K, V>> kafkaStreams, int limit) {
        Map<K, List<V>> eosByKey = valuesByKey(eos);
        Map<K, List<V>> kafkaStreamsByKey = valuesByKey(kafkaStreams);
        Set<K> keys = new LinkedHashSet<>(eosByKey.keySet());
        keys.addAll(kafkaStreamsByKey.keySet());
        List<String> lines = new ArrayList<>();
        for (K key : keys) {
            List<V> left = eosByKey.getOrDefault(key, List.of());
            List<V> right = kafkaStreamsByKey.getOrDefault(key, List.of());
            if (!left.equals(right)) {
                lines.add("  key " + key + ": Eos " + left + ", Kafka Streams " + right);
            }
        }
        return join(lines, limit);
    }

    private static <K, V> Map<K, List<V>> valuesByKey(List<KeyValue<K, V>> records) {
        Map<K, List<V>> byKey = new LinkedHashMap<>();
        for (KeyValue<K, V> kv : records) {
            byKey.computeIfAbsent(kv.key(), k -> new ArrayList<>()).add(kv.value());
        }
        return byKey;
    }

    private static String times(int n) {
        return n == 1 ? "" : " (" + n + " times)";
    }

    private static String join(List<String> lines, int limit) {
        if (lines.size() <= limit) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, limit)) + "\n  ... and " + (lines.size() - limit) + " more";
    }
}
