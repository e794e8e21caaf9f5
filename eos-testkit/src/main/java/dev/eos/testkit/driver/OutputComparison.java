package dev.eos.testkit.driver;

import dev.eos.dsl.KeyValue;
import dev.eos.testkit.driver.DifferentialCheck.OutputRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The comparisons behind {@link DifferentialCheck}: each returns the empty string if the two
 * outputs agree, or else one line per difference (at most {@code limit}, then a count of the rest).
 */
enum OutputComparison {
    /** The outputs as multisets of key-value pairs; timestamps and order ignored. */
    MULTISET("as multisets") {
        @Override
        <K, V> String compare(List<OutputRecord<K, V>> eos, List<OutputRecord<K, V>> kafkaStreams, int limit) {
            Map<KeyValue<K, V>, Integer> balance = new LinkedHashMap<>();
            eos.forEach(r -> balance.merge(KeyValue.of(r.key(), r.value()), 1, Integer::sum));
            kafkaStreams.forEach(r -> balance.merge(KeyValue.of(r.key(), r.value()), -1, Integer::sum));
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
    },
    /** Key by key, the sequence of values each side wrote under that key; timestamps ignored. */
    ORDER_PER_KEY("in order per key") {
        @Override
        <K, V> String compare(List<OutputRecord<K, V>> eos, List<OutputRecord<K, V>> kafkaStreams, int limit) {
            return perKey(eos, kafkaStreams, limit, OutputRecord::value, false);
        }
    },
    /** Key by key, the sequence of records each side wrote under that key, values and timestamps. */
    TIMESTAMPS_PER_KEY("in order per key, with timestamps") {
        @Override
        <K, V> String compare(List<OutputRecord<K, V>> eos, List<OutputRecord<K, V>> kafkaStreams, int limit) {
            return perKey(eos, kafkaStreams, limit, r -> r, true);
        }
    };

    private final String description;

    OutputComparison(String description) {
        this.description = description;
    }

    /** How the outputs were compared, for the result's description. */
    String description() {
        return description;
    }

    abstract <K, V> String compare(List<OutputRecord<K, V>> eos, List<OutputRecord<K, V>> kafkaStreams, int limit);

    /**
     * One line per key whose sequences differ: the first position where they part, what each side
     * wrote there (value and timestamp), then both whole sequences.
     */
    private static <K, V> String perKey(List<OutputRecord<K, V>> eos, List<OutputRecord<K, V>> kafkaStreams,
                                        int limit, Function<OutputRecord<K, V>, Object> compared,
                                        boolean showTimestamps) {
        Map<K, List<OutputRecord<K, V>>> eosByKey = byKey(eos);
        Map<K, List<OutputRecord<K, V>>> kafkaStreamsByKey = byKey(kafkaStreams);
        Set<K> keys = new LinkedHashSet<>(eosByKey.keySet());
        keys.addAll(kafkaStreamsByKey.keySet());
        List<String> lines = new ArrayList<>();
        for (K key : keys) {
            List<OutputRecord<K, V>> left = eosByKey.getOrDefault(key, List.of());
            List<OutputRecord<K, V>> right = kafkaStreamsByKey.getOrDefault(key, List.of());
            int position = firstDifference(left, right, compared);
            if (position >= 0) {
                lines.add("  key " + key + ", position " + position + ": Eos " + at(left, position, showTimestamps)
                        + ", Kafka Streams " + at(right, position, showTimestamps)
                        + "; Eos " + render(left, showTimestamps) + ", Kafka Streams " + render(right, showTimestamps));
            }
        }
        return join(lines, limit);
    }

    private static <K, V> int firstDifference(List<OutputRecord<K, V>> left, List<OutputRecord<K, V>> right,
                                              Function<OutputRecord<K, V>, Object> compared) {
        int common = Math.min(left.size(), right.size());
        for (int i = 0; i < common; i++) {
            if (!Objects.equals(compared.apply(left.get(i)), compared.apply(right.get(i)))) {
                return i;
            }
        }
        return left.size() == right.size() ? -1 : common;
    }

    private static <K, V> String at(List<OutputRecord<K, V>> records, int position, boolean showTimestamps) {
        if (position >= records.size()) {
            return "nothing";
        }
        OutputRecord<K, V> r = records.get(position);
        return showTimestamps ? String.valueOf(r.value()) + "@" + r.timestampMs() : String.valueOf(r.value());
    }

    private static <K, V> String render(List<OutputRecord<K, V>> records, boolean showTimestamps) {
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            shown.add(at(records, i, showTimestamps));
        }
        return shown.toString();
    }

    private static <K, V> Map<K, List<OutputRecord<K, V>>> byKey(List<OutputRecord<K, V>> records) {
        Map<K, List<OutputRecord<K, V>>> byKey = new LinkedHashMap<>();
        for (OutputRecord<K, V> r : records) {
            byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r);
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
