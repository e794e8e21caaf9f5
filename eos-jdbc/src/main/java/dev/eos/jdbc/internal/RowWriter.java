package dev.eos.jdbc.internal;

import dev.eos.jdbc.JdbcSinkException;
import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.jdbc.RowMapper;
import dev.eos.sink.SinkRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows with one batched statement: the configured one, the dialect's upsert when key
 * columns are given, or a plain insert ({@code upsert == false} and no key columns: an append
 * table in exactly-once mode). For the built upsert, rows of a batch with the same key values
 * are collapsed to the last one first: the result is the same, and PostgreSQL refuses to update
 * one row twice in a rewritten multi-row upsert. Rows for a custom statement are all written, in
 * order.
 */
public final class RowWriter<K, V> {
    private final JdbcSinkSettings<K, V> settings;
    private final RowMapper<K, V> mapper;
    private final List<Integer> keyIndexes = new ArrayList<>();

    public RowWriter(JdbcSinkSettings<K, V> settings) {
        this.settings = settings;
        this.mapper = settings.rowMapper();
        if (settings.statement().isEmpty()) {
            // Only the built upsert is last-write-wins; a custom statement (a running total) sees every row.
            settings.keyColumns().forEach(k -> keyIndexes.add(settings.columns().indexOf(k)));
        }
    }

    /** The statement for this table in {@code dialect}. */
    public String statement(Dialect dialect) {
        if (settings.statement().isPresent()) {
            return settings.statement().get();
        }
        if (settings.keyColumns().isEmpty()) {
            return Dialect.insert(settings.table(), settings.columns());
        }
        String upsert = dialect.upsert(settings.table(), settings.columns(), settings.keyColumns());
        if (upsert == null) {
            throw new JdbcSinkException("The JDBC sink knows no upsert for this database (table " + settings.table()
                    + " in " + settings.describeDatabase() + "). Fix: give one with JdbcSinkSettings.withStatement(...),"
                    + " one '?' per column " + settings.columns());
        }
        return upsert;
    }

    /** The rows of {@code records}, mapped and checked; collapsed by key for the built upsert. */
    public List<List<?>> rows(List<SinkRecord<K, V>> records) {
        Map<Object, List<?>> byKey = new LinkedHashMap<>();
        int n = 0;
        for (SinkRecord<K, V> r : records) {
            List<?> row = mapper.toRow(r);
            if (row == null || row.size() != settings.columns().size()) {
                throw new JdbcSinkException("The RowMapper of table " + settings.table() + " returned "
                        + (row == null ? "null" : row.size() + " values") + " for record " + r.topic() + "-"
                        + r.partition() + "@" + r.offset() + " but the table's columns are " + settings.columns()
                        + ". Fix: return one value per column, in that order");
            }
            Object key = keyIndexes.isEmpty() ? n++ : keyIndexes.stream().map(row::get).toList();
            byKey.remove(key);
            byKey.put(key, row);
        }
        return new ArrayList<>(byKey.values());
    }

    /** Writes {@code rows} in one batch on {@code c} (inside the caller's transaction). */
    public void write(Connection c, TableShape shape, List<List<?>> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(statement(shape.dialect()))) {
            for (List<?> row : rows) {
                for (int i = 0; i < row.size(); i++) {
                    bind(ps, i + 1, row.get(i), shape.column(settings.columns().get(i)));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            if (SqlErrors.classify(e) == SqlErrors.Kind.SCHEMA) {
                throw new JdbcSinkException("Writing " + rows.size() + " rows to table " + settings.table() + " in "
                        + settings.describeDatabase() + " failed: the values do not fit the table. Columns: "
                        + shape.describe(settings.columns()) + "; values of the first row: " + javaTypes(rows.get(0))
                        + ". Database error: " + SqlErrors.describe(e) + ". Fix: make the RowMapper return the"
                        + " columns' types (or change the column types)", e);
            }
            throw e;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value, TableShape.Column column)
            throws SQLException {
        if (value == null) {
            ps.setNull(index, column == null ? java.sql.Types.NULL : column.jdbcType());
        } else if (value instanceof Instant instant) {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        } else {
            ps.setObject(index, value);
        }
    }

    private String javaTypes(List<?> row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            Object v = row.get(i);
            out.add(settings.columns().get(i) + "=" + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
        }
        return String.join(", ", out);
    }
}
