package dev.eos.jdbc.internal;

import dev.eos.jdbc.JdbcSinkException;
import dev.eos.jdbc.JdbcSinkSettings;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the sink's table looks like, read from the database metadata at the first connection:
 * the dialect, each column's type. Reading it is the check that turns a missing table, a missing
 * column or key columns without a unique index into a {@link JdbcSinkException} that names the
 * table and the fix, before any row is written.
 */
public final class TableShape {
    /** A column: its name in the database, its JDBC type and its type name. */
    public record Column(String name, int jdbcType, String typeName) {
    }

    private final Dialect dialect;
    private final Map<String, Column> columns;

    TableShape(Dialect dialect, Map<String, Column> columns) {
        this.dialect = dialect;
        this.columns = columns;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The column named {@code name} in the settings (any case), or null. */
    public Column column(String name) {
        return columns.get(name.toLowerCase(Locale.ROOT));
    }

    /** "user_id text, clicks bigint" for the settings' columns, for messages. */
    public String describe(List<String> names) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            Column c = column(n);
            out.add(n + " " + (c == null ? "(missing)" : c.typeName()));
        }
        return String.join(", ", out);
    }

    static TableShape read(Connection c, JdbcSinkSettings<?, ?> settings) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        Dialect dialect = Dialect.of(meta.getDatabaseProductName());
        String table = settings.table();
        String where = meta.getURL();
        Map<String, Column> found = columns(meta, table);
        if (found.isEmpty()) {
            throw new JdbcSinkException("Table " + table + " does not exist in " + where + " (or this user cannot see"
                    + " it). Fix: create it before starting the pipeline, e.g. " + createExample(settings));
        }
        List<String> missing = new ArrayList<>();
        for (String col : settings.columns()) {
            if (!found.containsKey(col.toLowerCase(Locale.ROOT))) {
                missing.add(col);
            }
        }
        if (!missing.isEmpty()) {
            List<String> have = new ArrayList<>();
            found.values().forEach(col -> have.add(col.name() + " " + col.typeName()));
            throw new JdbcSinkException("Table " + table + " in " + where + " has no column " + String.join(", ", missing)
                    + "; its columns are " + have + ". Fix: ALTER TABLE " + table + " ADD COLUMN " + missing.get(0)
                    + " <type>, or change the columns given to JdbcSinkSettings.forTable(\"" + table + "\", ...)");
        }
        if (!settings.keyColumns().isEmpty() && settings.statement().isEmpty()
                && !uniqueKeys(meta, table).contains(lower(settings.keyColumns()))) {
            throw new JdbcSinkException("Table " + table + " in " + where + " has no primary key or unique index on"
                    + " exactly the key columns " + settings.keyColumns() + ", which the upsert needs. Fix: ALTER TABLE "
                    + table + " ADD PRIMARY KEY (" + String.join(", ", settings.keyColumns()) + ")");
        }
        return new TableShape(dialect, found);
    }

    private static Map<String, Column> columns(DatabaseMetaData meta, String table) throws SQLException {
        String schema = null;
        String name = table;
        int dot = table.indexOf('.');
        if (dot > 0) {
            schema = table.substring(0, dot);
            name = table.substring(dot + 1);
        }
        for (String[] candidate : cases(schema, name)) {
            Map<String, Column> out = new LinkedHashMap<>();
            try (ResultSet rs = meta.getColumns(null, candidate[0], candidate[1], null)) {
                while (rs.next()) {
                    String col = rs.getString("COLUMN_NAME");
                    out.put(col.toLowerCase(Locale.ROOT), new Column(col, rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME")));
                }
            }
            if (!out.isEmpty()) {
                return out;
            }
        }
        return Map.of();
    }

    /** Unquoted identifiers: PostgreSQL stores them in lower case, H2 in upper case. */
    private static List<String[]> cases(String schema, String name) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {schema, name});
        out.add(new String[] {schema == null ? null : schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)});
        out.add(new String[] {schema == null ? null : schema.toUpperCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)});
        return out;
    }

    /** Column sets of the primary key and of every unique index, in lower case. */
    private static Set<Set<String>> uniqueKeys(DatabaseMetaData meta, String table) throws SQLException {
        Set<Set<String>> out = new HashSet<>();
        String schema = table.contains(".") ? table.substring(0, table.indexOf('.')) : null;
        String name = table.contains(".") ? table.substring(table.indexOf('.') + 1) : table;
        for (String[] candidate : cases(schema, name)) {
            Set<String> pk = new HashSet<>();
            try (ResultSet rs = meta.getPrimaryKeys(null, candidate[0], candidate[1])) {
                while (rs.next()) {
                    pk.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (!pk.isEmpty()) {
                out.add(pk);
            }
            Map<String, Set<String>> indexes = new HashMap<>();
            try (ResultSet rs = meta.getIndexInfo(null, candidate[0], candidate[1], true, false)) {
                while (rs.next()) {
                    String index = rs.getString("INDEX_NAME");
                    String col = rs.getString("COLUMN_NAME");
                    if (index != null && col != null) {
                        indexes.computeIfAbsent(index, i -> new HashSet<>()).add(col.toLowerCase(Locale.ROOT));
                    }
                }
            }
            out.addAll(indexes.values());
        }
        return out;
    }

    private static Set<String> lower(List<String> names) {
        Set<String> out = new HashSet<>();
        names.forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static String createExample(JdbcSinkSettings<?, ?> settings) {
        List<String> cols = new ArrayList<>();
        settings.columns().forEach(c -> cols.add(c + " <type>"));
        String key = settings.keyColumns().isEmpty() ? ""
                : ", PRIMARY KEY (" + String.join(", ", settings.keyColumns()) + ")";
        return "CREATE TABLE " + settings.table() + " (" + String.join(", ", cols) + key + ")";
    }
}
