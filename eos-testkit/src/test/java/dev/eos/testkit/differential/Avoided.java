package dev.eos.testkit.differential;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Constructs the generators can leave out, to search for differences that a known, frequent one
 * would otherwise hide (each failing seed shows only its first difference). Chosen with the system
 * property {@code differential.avoid}, a comma-separated list such as
 * {@code table_filters,null_values}; the CI property leaves nothing out.
 */
enum Avoided {
    /** No Table.filter in the main chain (filters of a joined table stay). */
    TABLE_FILTERS,
    /** No null values or tombstones in the input, and no function that returns null. */
    NULL_VALUES,
    /** Timestamps never go back. */
    OUT_OF_ORDER_TIMESTAMPS,
    /** No windowed aggregations. */
    WINDOWS,
    /** Table-topic tombstones only for keys the table holds. */
    TOMBSTONES_FOR_ABSENT_KEYS,
    /** No null stream values into a leftJoin: each leftJoin is preceded by filter(v is not null). */
    NULL_VALUES_INTO_LEFT_JOINS;

    /** The constructs named by {@code differential.avoid}; none if it is not set. */
    static Set<Avoided> fromSystemProperty() {
        String names = System.getProperty("differential.avoid", "").strip();
        Set<Avoided> avoided = EnumSet.noneOf(Avoided.class);
        if (!names.isEmpty()) {
            Arrays.stream(names.split(",")).map(n -> valueOf(n.strip().toUpperCase(Locale.ROOT))).forEach(avoided::add);
        }
        return avoided;
    }
}
