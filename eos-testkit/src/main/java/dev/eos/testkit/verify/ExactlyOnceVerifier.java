package dev.eos.testkit.verify;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares what a pipeline committed with what it should have committed: duplicates, missing
 * results, unexpected results and per-key order violations, with a short readable diff.
 *
 * <p>Outputs are compared as (key, value) pairs. Expected outputs are given in input order;
 * per key, the committed values must appear in that order (Kafka keeps order per partition, and
 * a key lives in one partition).
 *
 * <pre>{@code
 * List<Map.Entry<String, String>> expected = inputs.stream().map(pipelineFunction).toList();
 * List<Map.Entry<String, String>> actual = ...read with read_committed...;
 * VerificationReport report = ExactlyOnceVerifier.verify(inputs.size(), expected, actual);
 * }</pre>
 */
public final class ExactlyOnceVerifier {
    private static final int MAX_PROBLEMS = 10;

    private ExactlyOnceVerifier() {
    }

    public static <K, V> VerificationReport verify(long recordsIn, List<? extends Map.Entry<K, V>> expected,
                                                   List<? extends Map.Entry<K, V>> actual) {
        Map<Map.Entry<K, V>, Integer> expectedCounts = count(expected);
        Map<Map.Entry<K, V>, Integer> actualCounts = count(actual);
        List<String> problems = new ArrayList<>();
        long duplicates = 0;
        long missing = 0;
        long unexpected = 0;
        for (Map.Entry<Map.Entry<K, V>, Integer> e : expectedCounts.entrySet()) {
            int want = e.getValue();
            int got = actualCounts.getOrDefault(e.getKey(), 0);
            if (got > want) {
                duplicates += got - want;
                note(problems, "duplicate: " + show(e.getKey()) + " committed " + got + " times, expected " + want);
            } else if (got < want) {
                missing += want - got;
                note(problems, "missing: " + show(e.getKey()) + " committed " + got + " times, expected " + want);
            }
        }
        for (Map.Entry<Map.Entry<K, V>, Integer> e : actualCounts.entrySet()) {
            if (!expectedCounts.containsKey(e.getKey())) {
                unexpected += e.getValue();
                note(problems, "unexpected: " + show(e.getKey()) + " committed " + e.getValue() + " times");
            }
        }
        long orderViolations = orderViolations(expected, actual, problems);
        return new VerificationReport(recordsIn, expected.size(), actual.size(), duplicates, missing, unexpected,
                orderViolations, List.copyOf(problems));
    }

    /** Keys whose first occurrences of each value appear in another order than expected. */
    private static <K, V> long orderViolations(List<? extends Map.Entry<K, V>> expected,
                                               List<? extends Map.Entry<K, V>> actual, List<String> problems) {
        Map<K, List<V>> expectedByKey = byKey(expected);
        Map<K, List<V>> actualByKey = byKey(actual);
        long violations = 0;
        for (Map.Entry<K, List<V>> e : actualByKey.entrySet()) {
            List<V> want = expectedByKey.get(e.getKey());
            if (want == null) {
                continue;
            }
            Map<V, Integer> rank = new HashMap<>();
            for (int i = 0; i < want.size(); i++) {
                rank.putIfAbsent(want.get(i), i);
            }
            int last = -1;
            for (V v : e.getValue()) {
                Integer r = rank.get(v);
                if (r == null) {
                    continue;
                }
                if (r < last) {
                    violations++;
                    note(problems, "order: key " + e.getKey() + " has " + v + " after a value expected later");
                    break;
                }
                last = r;
            }
        }
        return violations;
    }

    private static <K, V> Map<K, List<V>> byKey(List<? extends Map.Entry<K, V>> entries) {
        Map<K, List<V>> out = new LinkedHashMap<>();
        for (Map.Entry<K, V> e : entries) {
            out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
        return out;
    }

    private static <K, V> Map<Map.Entry<K, V>, Integer> count(List<? extends Map.Entry<K, V>> entries) {
        Map<Map.Entry<K, V>, Integer> out = new LinkedHashMap<>();
        for (Map.Entry<K, V> e : entries) {
            out.merge(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()), 1, Integer::sum);
        }
        return out;
    }

    private static void note(List<String> problems, String line) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(line);
        }
    }

    private static String show(Map.Entry<?, ?> e) {
        return "(" + Objects.toString(e.getKey()) + ", " + Objects.toString(e.getValue()) + ")";
    }
}
