package dev.eos.jdbc.internal;

import java.util.List;
import java.util.Locale;

/**
 * The SQL that differs between databases: the upsert of one row. PostgreSQL has
 * {@code INSERT ... ON CONFLICT (key) DO UPDATE}, atomic under concurrent writers; H2 (the
 * embedded default) has {@code MERGE INTO ... KEY (key)}. Other databases need a statement
 * given with {@code JdbcSinkSettings.withStatement}.
 */
public enum Dialect {
    POSTGRESQL, H2, OTHER;

    static Dialect of(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        return OTHER;
    }

    /** {@code INSERT INTO t (a, b) VALUES (?, ?)}. */
    public static String insert(String table, List<String> columns) {
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + placeholders(columns) + ")";
    }

    /**
     * Writes a row or replaces the row with the same key columns.
     *
     * @return the statement, or null if this dialect has no upsert the sink knows
     */
    public String upsert(String table, List<String> columns, List<String> keyColumns) {
        switch (this) {
            case POSTGRESQL: {
                List<String> others = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
                String conflict = " ON CONFLICT (" + String.join(", ", keyColumns) + ")";
                if (others.isEmpty()) {
                    return insert(table, columns) + conflict + " DO NOTHING";
                }
                return insert(table, columns) + conflict + " DO UPDATE SET "
                        + String.join(", ", others.stream().map(c -> c + " = EXCLUDED." + c).toList());
            }
            case H2:
                return "MERGE INTO " + table + " (" + String.join(", ", columns) + ") KEY ("
                        + String.join(", ", keyColumns) + ") VALUES (" + placeholders(columns) + ")";
            default:
                return null;
        }
    }

    private static String placeholders(List<String> columns) {
        return String.join(", ", columns.stream().map(c -> "?").toList());
    }
}
