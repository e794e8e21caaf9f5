package dev.eos.jdbc;

import dev.eos.jdbc.internal.Database;
import dev.eos.jdbc.internal.ExactlyOnceSink;
import dev.eos.jdbc.internal.UpsertSink;
import dev.eos.sink.ExternalSink;
import dev.eos.sink.ExternalSinkFactory;
import java.util.Objects;

/**
 * Writes a stream to a database table over JDBC, in one of two modes:
 *
 * <ul>
 *   <li>{@link #upsert}: an idempotent upsert by the key columns ({@code INSERT ... ON CONFLICT
 *       (key) DO UPDATE} on PostgreSQL), one transaction of batched statements per commit point.
 *       A batch written twice leaves the same rows, so it is safe with
 *       {@code processing.guarantee=at_least_once}.</li>
 *   <li>{@link #exactlyOnce}: the rows and the next source offset of every partition are written
 *       in one transaction, to the table and the offsets table
 *       ({@value JdbcSinkSettings#DEFAULT_OFFSETS_TABLE} by default, created if missing); on
 *       assignment the partitions continue at the offsets stored there, not at Kafka's. Each
 *       assignment raises the partition's epoch, and a write checks it in the same transaction,
 *       so an instance that lost the partition (a zombie) cannot overwrite newer results.</li>
 * </ul>
 *
 * <p>All processing threads of the app share one connection pool per factory. Transient errors
 * (connection lost, database restarting, serialization failure, deadlock) are retried with
 * backoff for {@link JdbcSinkSettings#retryTimeout()}; a missing table, a missing column or
 * values that do not fit the column types stop the pipeline with a {@link JdbcSinkException}
 * that names the table and the fix.
 *
 * <pre>{@code
 * JdbcSinkSettings<String, Long> settings = JdbcSinkSettings
 *         .<String, Long>forTable("clicks_per_user", r -> List.of(r.key(), r.value()), "user_id", "clicks")
 *         .withKeyColumns("user_id")
 *         .withUrl("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "");
 * clicksPerUser.toStream().sinkTo(JdbcSink.upsert(settings));
 *
 * // Exactly once: rows and source offsets in one transaction. The sink must be the only output of
 * // its part of the pipeline (no to(topic), no state stores there), e.g. straight from a topic:
 * builder.stream("clicks-per-user", Consumed.with(Serdes.String(), Serdes.Long()))
 *        .sinkTo(JdbcSink.exactlyOnce(settings.withConsumerGroup("clicks-app")));
 * }</pre>
 */
public final class JdbcSink {
    private JdbcSink() {
    }

    /**
     * An idempotent sink: upserts by the key columns (or runs the configured statement).
     *
     * @throws IllegalArgumentException if there are neither key columns nor a statement
     */
    public static <K, V> ExternalSinkFactory<K, V> upsert(JdbcSinkSettings<K, V> settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.keyColumns().isEmpty() && settings.statement().isEmpty()) {
            throw new IllegalArgumentException("JdbcSink.upsert for table " + settings.table() + " needs key columns"
                    + " or an idempotent statement, so that writing a batch twice leaves the same rows. Fix:"
                    + " settings.withKeyColumns(\"id\") or settings.withStatement(\"INSERT ... ON CONFLICT ...\")");
        }
        Database database = new Database(settings);
        return () -> new UpsertSink<>(settings, database);
    }

    /**
     * A sink that stores the next source offsets with the rows and owns them
     * ({@link ExternalSinkFactory#ownsOffsets()} is true). Without key columns it appends rows
     * with a plain {@code INSERT}: each input's rows are still written exactly once.
     *
     * @throws IllegalArgumentException if no consumer group is set
     */
    public static <K, V> ExternalSinkFactory<K, V> exactlyOnce(JdbcSinkSettings<K, V> settings) {
        Objects.requireNonNull(settings, "settings");
        if (settings.consumerGroup().isEmpty()) {
            throw new IllegalArgumentException("JdbcSink.exactlyOnce for table " + settings.table() + " needs the"
                    + " consumer group whose offsets it stores in " + settings.offsetsTable() + ". Fix:"
                    + " settings.withConsumerGroup(<the pipeline's application.id>)");
        }
        Database database = new Database(settings);
        return new ExternalSinkFactory<>() {
            @Override
            public ExternalSink<K, V> create() {
                return new ExactlyOnceSink<>(settings, database);
            }

            @Override
            public boolean ownsOffsets() {
                return true;
            }
        };
    }
}
