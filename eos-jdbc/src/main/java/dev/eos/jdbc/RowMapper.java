package dev.eos.jdbc;

import dev.eos.sink.SinkRecord;
import java.util.List;

/**
 * Turns a record into the values of one table row, in the order of the columns given to
 * {@link JdbcSinkSettings#forTable}. Values are bound with {@code PreparedStatement.setObject},
 * so return the Java types of the columns ({@code String} for text, {@code Long} for bigint,
 * {@code java.time.Instant} or {@code OffsetDateTime} for timestamptz, ...).
 *
 * <pre>{@code
 * RowMapper<String, Long> clicks = r -> List.of(r.key(), r.value(), Instant.ofEpochMilli(r.timestamp()));
 * }</pre>
 *
 * @param <K> key type
 * @param <V> value type
 */
@FunctionalInterface
public interface RowMapper<K, V> {
    List<?> toRow(SinkRecord<K, V> record);
}
