package dev.eos.testkit.assertions;

import dev.eos.dsl.KeyValue;
import dev.eos.testkit.driver.TestOutput;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on the committed content of one topic of a
 * {@link dev.eos.testkit.driver.PipelineTestDriver}; get one from
 * {@link EosAssertions#assertThat(TestOutput)}. Each assertion reads the topic afresh when it is
 * called (output of open or aborted transactions never counts) and returns this object, so
 * assertions chain.
 *
 * <pre>{@code
 * assertThat(out)
 *         .containsExactlyOnce(KeyValue.of("a", "ONE"), KeyValue.of("a", "TWO"), KeyValue.of("c", "THREE"))
 *         .hasFinalValues(Map.of("a", "TWO", "c", "THREE"));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class OutputAssert<K, V> {
    /** Lines of a diff shown before the rest is summed up as "... and N more". */
    private static final int MAX_LINES = 10;

    private final TestOutput<K, V> output;

    OutputAssert(TestOutput<K, V> output) {
        this.output = output;
    }

    /**
     * Passes if the topic holds each of {@code expected} exactly once and nothing else, with the
     * values of each key in the order given; keys may interleave freely, as they do across
     * partitions. Give a pair twice to expect it twice.
     *
     * <pre>{@code
     * assertThat(out).containsExactlyOnce(KeyValue.of("a", "ONE"), KeyValue.of("b", "TWO"));
     * }</pre>
     *
     * @throws AssertionFailedError naming duplicates, missing and unexpected pairs and per-key
     *                              order violations, as {@link VerificationReport#describe()} does
     */
    @SafeVarargs
    public final OutputAssert<K, V> containsExactlyOnce(KeyValue<K, V>... expected) {
        Objects.requireNonNull(expected, "expected");
        return containsExactlyOnce(Arrays.asList(expected));
    }

    /**
     * {@link #containsExactlyOnce(KeyValue[])} for a list, such as one computed from the input.
     *
     * <pre>{@code
     * List<KeyValue<String, String>> expected = sent.stream().map(kv -> KeyValue.of(kv.key(), kv.value().toUpperCase())).toList();
     * assertThat(out).containsExactlyOnce(expected);
     * }</pre>
     *
     * @throws AssertionFailedError if a pair is committed more or fewer times than expected, a
     *                              pair is committed that is not expected, or a key's values are
     *                              committed out of order
     */
    public OutputAssert<K, V> containsExactlyOnce(List<KeyValue<K, V>> expected) {
        Objects.requireNonNull(expected, "expected");
        List<KeyValue<K, V>> actual = output.readKeyValues();
        VerificationReport report = ExactlyOnceVerifier.verify(expected.size(), entries(expected), entries(actual));
        if (!report.isExactlyOnce()) {
            throw new AssertionFailedError("Expected topic '" + output.topic() + "' to hold each of "
                    + expected.size() + " key-values exactly once, but: " + report.describe(),
                    List.copyOf(expected), actual);
        }
        return this;
    }

    /**
     * Passes if nothing is committed to the topic.
     *
     * <pre>{@code
     * in.send("b", "skip me");
     * driver.runUntilIdle();
     * assertThat(out).isEmpty();
     * }</pre>
     *
     * @throws AssertionFailedError listing the first committed key-values
     */
    public OutputAssert<K, V> isEmpty() {
        List<KeyValue<K, V>> actual = output.readKeyValues();
        if (!actual.isEmpty()) {
            List<String> lines = new ArrayList<>();
            actual.forEach(kv -> lines.add("committed: " + show(kv.key(), kv.value())));
            throw new AssertionFailedError("Expected topic '" + output.topic() + "' to be empty, but "
                    + actual.size() + " key-values are committed:" + join(lines), List.of(), actual);
        }
        return this;
    }

    /**
     * Passes if the last committed value of each key, as {@link TestOutput#finalValuesByKey()}
     * reads them (a tombstone removes its key), equals {@code expected}: the same keys, each with
     * an equal value.
     *
     * <pre>{@code
     * assertThat(counts).hasFinalValues(Map.of("user-1", 3L, "user-2", 1L));
     * }</pre>
     *
     * @throws AssertionFailedError naming each key that is missing, has another value, or is not
     *                              expected
     */
    public OutputAssert<K, V> hasFinalValues(Map<K, V> expected) {
        Objects.requireNonNull(expected, "expected");
        Map<K, V> actual = output.finalValuesByKey();
        if (actual.equals(expected)) {
            return this;
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<K, V> e : expected.entrySet()) {
            if (!actual.containsKey(e.getKey())) {
                lines.add("missing: key " + e.getKey() + ", expected " + e.getValue());
            } else if (!Objects.equals(actual.get(e.getKey()), e.getValue())) {
                lines.add("wrong value: key " + e.getKey() + " is " + actual.get(e.getKey())
                        + ", expected " + e.getValue());
            }
        }
        Set<K> extra = new LinkedHashSet<>(actual.keySet());
        extra.removeAll(expected.keySet());
        extra.forEach(k -> lines.add("unexpected: key " + k + " is " + actual.get(k)));
        throw new AssertionFailedError("Expected the final values of topic '" + output.topic() + "' to be "
                + expected.size() + " keys, but found " + actual.size() + ":" + join(lines), expected, actual);
    }

    private static <K, V> List<Map.Entry<K, V>> entries(List<KeyValue<K, V>> keyValues) {
        List<Map.Entry<K, V>> out = new ArrayList<>(keyValues.size());
        for (KeyValue<K, V> kv : keyValues) {
            Objects.requireNonNull(kv, "a KeyValue in the list");
            out.add(new AbstractMap.SimpleImmutableEntry<>(kv.key(), kv.value()));
        }
        return out;
    }

    private static String join(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.stream().limit(MAX_LINES).forEach(line -> sb.append("\n  ").append(line));
        if (lines.size() > MAX_LINES) {
            sb.append("\n  ... and ").append(lines.size() - MAX_LINES).append(" more");
        }
        return sb.toString();
    }

    private static String show(Object key, Object value) {
        return "(" + key + ", " + value + ")";
    }
}
