package dev.eos.testkit.differential;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The user functions random pipelines are made of: deterministic, over short strings of a small
 * alphabet, and null-safe wherever Kafka Streams may pass a null. Where a function could tell a
 * null from a value, it renders the null visibly ({@code "~"}) instead of throwing, so a side that
 * passes a null where the other does not shows as a different output rather than a crash.
 * Each has the name the pipeline description prints.
 */
final class Functions {
    private Functions() {
    }

    /** A predicate on key and value. */
    record Predicate(String name, BiPredicate<String, String> test) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A function of a value (stream or table mapValues). */
    record ValueMapper(String name, Function<String, String> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A function of key and value giving a new key, which may be null. */
    record KeyMapper(String name, BiFunction<String, String, String> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A function of a value giving several values, some of which may be null. */
    record FlatMapper(String name, Function<String, List<String>> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A reducer (aggregate, value) to a new aggregate, which may be null. */
    record Reducer(String name, BiFunction<String, String, String> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An aggregator (key, value, aggregate) to a new aggregate (may be null), from the initial value "". */
    record Aggregator(String name, TriFunction apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Three strings to one. */
    @FunctionalInterface
    interface TriFunction {
        String apply(String key, String value, String aggregate);
    }

    static final List<Predicate> PREDICATES = List.of(
            new Predicate("v contains \"a\"", (k, v) -> v != null && v.contains("a")),
            new Predicate("v length even", (k, v) -> v != null && v.length() % 2 == 0),
            new Predicate("k is \"a\"", (k, v) -> "a".equals(k)),
            new Predicate("v is null", (k, v) -> v == null));

    static final List<ValueMapper> VALUE_MAPPERS = List.of(
            new ValueMapper("v + \"a\"", v -> v == null ? null : v + "a"),
            new ValueMapper("first char of v", v -> v == null ? null : v.isEmpty() ? "" : v.substring(0, 1)),
            new ValueMapper("empty to null", v -> v == null || v.isEmpty() ? null : v),
            new ValueMapper("reverse", v -> v == null ? null : new StringBuilder(v).reverse().toString()),
            new ValueMapper("length (null as ~)", v -> v == null ? "~" : String.valueOf(v.length())));

    static final List<KeyMapper> KEY_MAPPERS = List.of(
            new KeyMapper("first char of v, or null", (k, v) -> v == null || v.isEmpty() ? null : v.substring(0, 1)),
            new KeyMapper("k, null as \"n\"", (k, v) -> k == null ? "n" : k),
            new KeyMapper("\"a\"", (k, v) -> "a"),
            new KeyMapper("k + length of v", (k, v) -> k == null ? null : k + (v == null ? 0 : v.length() % 2)));

    static final List<FlatMapper> FLAT_MAPPERS = List.of(
            new FlatMapper("chars of v", v -> {
                List<String> chars = new ArrayList<>();
                if (v != null) {
                    v.chars().forEach(c -> chars.add(String.valueOf((char) c)));
                }
                return chars;
            }),
            new FlatMapper("[v, v]", v -> Arrays.asList(v, v)),
            new FlatMapper("[v, null]", v -> Arrays.asList(v, null)));

    static final List<Reducer> REDUCERS = List.of(
            new Reducer("longer (ties: larger)", (a, v) -> a == null || v == null ? "~"
                    : a.length() != v.length() ? (a.length() > v.length() ? a : v) : (a.compareTo(v) >= 0 ? a : v)),
            new Reducer("last 3 chars of agg + v", (a, v) -> last(3, nullAsTilde(a) + nullAsTilde(v))),
            new Reducer("null if v equals agg, else v", (a, v) -> v != null && v.equals(a) ? null : nullAsTilde(v)));

    static final List<Aggregator> AGGREGATORS = List.of(
            new Aggregator("agg + first char of v", (k, v, agg) -> last(4, nullAsTilde(agg) + firstCharOrTilde(v))),
            new Aggregator("v empty ? null : agg + first char of v", (k, v, agg) -> v != null && v.isEmpty() ? null
                    : last(4, nullAsTilde(agg) + firstCharOrTilde(v))),
            new Aggregator("agg + length of v", (k, v, agg) -> last(4, nullAsTilde(agg) + (v == null ? "~" : v.length()))));

    static final ValueJoiner JOINER = new ValueJoiner("v/t", (v, t) -> v + "/" + t);

    /** A stream-table joiner; nulls are printed as "null". */
    record ValueJoiner(String name, BiFunction<String, String, String> apply) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** True if {@code function} (one of the above) returns null for some non-null input. */
    static boolean makesNullValues(Object function) {
        return java.util.Set.of("empty to null", "[v, null]", "null if v equals agg, else v",
                "v empty ? null : agg + first char of v").contains(function.toString());
    }

    private static String nullAsTilde(String s) {
        return s == null ? "~" : s;
    }

    private static String firstCharOrTilde(String v) {
        return v == null ? "~" : v.isEmpty() ? "_" : v.substring(0, 1);
    }

    private static String last(int n, String s) {
        return s.length() <= n ? s : s.substring(s.length() - n);
    }
}
