package dev.eos.jdbc;

import dev.eos.jdbc.internal.JdbcUrls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Where and how a {@link JdbcSink} writes: the database (a JDBC URL, or a {@link DataSource} you
 * pool yourself), the table with its columns and key columns, a {@link RowMapper}, and tuning.
 * Immutable; every {@code with*} returns a copy.
 *
 * <pre>{@code
 * JdbcSinkSettings<String, Long> settings = JdbcSinkSettings
 *         .<String, Long>forTable("clicks_per_user", r -> List.of(r.key(), r.value()), "user_id", "clicks")
 *         .withKeyColumns("user_id")
 *         .withUrl("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")
 *         .withConsumerGroup("clicks-app");          // exactly-once only: the application.id
 * }</pre>
 *
 * <p>Without {@code withUrl} or {@code withDataSource} the sink writes to an embedded in-memory
 * H2 database ({@value #EMBEDDED_DEFAULT_URL}), for demos; {@link #withEmbeddedDatabase(Path)}
 * keeps it in a file so that it survives restarts.
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class JdbcSinkSettings<K, V> {
    /** The database used when no URL or data source is given: H2 in memory, alive while the JVM runs. */
    public static final String EMBEDDED_DEFAULT_URL = "jdbc:h2:mem:eos;DB_CLOSE_DELAY=-1";
    public static final String DEFAULT_OFFSETS_TABLE = "eos_offsets";
    public static final int DEFAULT_POOL_SIZE = 4;
    public static final Duration DEFAULT_RETRY_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(100);

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?";

    private String url = EMBEDDED_DEFAULT_URL;
    private String user = "sa";
    private String password = "";
    private DataSource dataSource;
    private String table;
    private List<String> columns;
    private List<String> keyColumns = List.of();
    private RowMapper<K, V> rowMapper;
    private String statement;
    private int poolSize = DEFAULT_POOL_SIZE;
    private Duration retryTimeout = DEFAULT_RETRY_TIMEOUT;
    private Duration retryBackoff = DEFAULT_RETRY_BACKOFF;
    private String offsetsTable = DEFAULT_OFFSETS_TABLE;
    private String consumerGroup;

    private JdbcSinkSettings() {
    }

    /**
     * Rows of {@code table}: {@code rowMapper} returns one value per column of {@code columns},
     * in that order.
     */
    public static <K, V> JdbcSinkSettings<K, V> forTable(String table, RowMapper<K, V> rowMapper,
                                                         String... columns) {
        JdbcSinkSettings<K, V> s = new JdbcSinkSettings<>();
        s.table = identifier(table, "table");
        s.rowMapper = Objects.requireNonNull(rowMapper, "rowMapper");
        if (columns.length == 0) {
            throw new IllegalArgumentException("JdbcSinkSettings.forTable(\"" + table + "\", ...) needs the columns the"
                    + " row mapper fills, e.g. forTable(\"" + table + "\", mapper, \"id\", \"amount\")");
        }
        for (String c : columns) {
            identifier(c, "column");
        }
        s.columns = List.of(columns);
        return s;
    }

    /** A PostgreSQL (or other JDBC) database, pooled by the sink with HikariCP. */
    public JdbcSinkSettings<K, V> withUrl(String jdbcUrl, String user, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:")) {
            throw new IllegalArgumentException("JDBC url '" + JdbcUrls.withoutCredentials(jdbcUrl) + "' does not start with 'jdbc:'; e.g. "
                    + "jdbc:postgresql://127.0.0.1:5432/test");
        }
        return copy(s -> {
            s.url = jdbcUrl;
            s.user = Objects.requireNonNullElse(user, "");
            s.password = Objects.requireNonNullElse(password, "");
            s.dataSource = null;
        });
    }

    /** A data source you created and pool yourself; the sink never closes it. */
    public JdbcSinkSettings<K, V> withDataSource(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        return copy(s -> s.dataSource = dataSource);
    }

    /** The embedded H2 database kept in {@code file} (created if missing), which survives restarts. */
    public JdbcSinkSettings<K, V> withEmbeddedDatabase(Path file) {
        String path = file.toAbsolutePath().toString();
        return withUrl("jdbc:h2:file:" + path, "sa", "");
    }

    /**
     * The columns that identify a row (a primary key or unique index of the table must cover
     * exactly them): the sink upserts by them, and keeps only the last row of each key of a
     * batch (unless a custom statement is given).
     */
    public JdbcSinkSettings<K, V> withKeyColumns(String... keyColumns) {
        for (String k : keyColumns) {
            identifier(k, "key column");
            if (!columns.contains(k)) {
                throw new IllegalArgumentException("Key column '" + k + "' is not one of the columns " + columns
                        + " given to JdbcSinkSettings.forTable(\"" + table + "\", ...)");
            }
        }
        return copy(s -> s.keyColumns = List.of(keyColumns));
    }

    /**
     * The statement that writes one row, with one {@code ?} per column in the order of the
     * columns; replaces the upsert the sink would build. Every row of a batch is written, in
     * order. With {@link JdbcSink#upsert} it must be idempotent; a statement that is not (a
     * running total) belongs in {@link JdbcSink#exactlyOnce}, which never writes a row twice.
     *
     * <pre>{@code
     * .withStatement("INSERT INTO totals (id, amount) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET amount = totals.amount + EXCLUDED.amount")
     * }</pre>
     */
    public JdbcSinkSettings<K, V> withStatement(String sql) {
        Objects.requireNonNull(sql, "sql");
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != columns.size()) {
            throw new IllegalArgumentException("The statement for table " + table + " has " + placeholders
                    + " '?' placeholders but the row mapper fills " + columns.size() + " columns " + columns + ": "
                    + sql);
        }
        return copy(s -> s.statement = sql);
    }

    /** How many connections the sink's pool holds (shared by the sinks of all processing threads). */
    public JdbcSinkSettings<K, V> withPoolSize(int poolSize) {
        if (poolSize < 1) {
            throw new IllegalArgumentException("JDBC sink pool size must be at least 1, was " + poolSize);
        }
        return copy(s -> s.poolSize = poolSize);
    }

    /**
     * How long a write retries transient errors (connection lost, database restarting,
     * serialization failure, deadlock), with {@code backoff} doubling up to 2 s between tries,
     * before giving up with a {@code RetriableSinkException} (the pipeline then reprocesses
     * from its last commit point and writes again).
     */
    public JdbcSinkSettings<K, V> withRetries(Duration timeout, Duration backoff) {
        if (timeout.isNegative() || backoff.isNegative() || backoff.isZero()) {
            throw new IllegalArgumentException("JDBC sink retry timeout must be >= 0 and backoff > 0, were " + timeout
                    + " and " + backoff);
        }
        return copy(s -> {
            s.retryTimeout = timeout;
            s.retryBackoff = backoff;
        });
    }

    /** Exactly-once mode: the table of the next source offsets, created if missing. */
    public JdbcSinkSettings<K, V> withOffsetsTable(String offsetsTable) {
        identifier(offsetsTable, "offsets table");
        return copy(s -> s.offsetsTable = offsetsTable);
    }

    /**
     * Exactly-once mode: the consumer group whose offsets the sink stores; use the pipeline's
     * {@code application.id}.
     */
    public JdbcSinkSettings<K, V> withConsumerGroup(String consumerGroup) {
        Objects.requireNonNull(consumerGroup, "consumerGroup");
        return copy(s -> s.consumerGroup = consumerGroup);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Optional<DataSource> dataSource() {
        return Optional.ofNullable(dataSource);
    }

    public String table() {
        return table;
    }

    public List<String> columns() {
        return columns;
    }

    public List<String> keyColumns() {
        return keyColumns;
    }

    public RowMapper<K, V> rowMapper() {
        return rowMapper;
    }

    public Optional<String> statement() {
        return Optional.ofNullable(statement);
    }

    public int poolSize() {
        return poolSize;
    }

    public Duration retryTimeout() {
        return retryTimeout;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    public String offsetsTable() {
        return offsetsTable;
    }

    public Optional<String> consumerGroup() {
        return Optional.ofNullable(consumerGroup);
    }

    /** Where the sink writes, for messages: the URL without credentials, or the data source. */
    public String describeDatabase() {
        return dataSource != null ? "data source " + dataSource : JdbcUrls.withoutCredentials(url);
    }

    @Override
    public String toString() {
        return "JdbcSinkSettings{" + describeDatabase() + ", table=" + table + ", columns=" + columns
                + ", keyColumns=" + keyColumns + (statement != null ? ", statement=" + statement : "")
                + ", poolSize=" + poolSize + ", retryTimeout=" + retryTimeout + ", offsetsTable=" + offsetsTable
                + (consumerGroup != null ? ", consumerGroup=" + consumerGroup : "") + "}";
    }

    private JdbcSinkSettings<K, V> copy(Consumer<JdbcSinkSettings<K, V>> change) {
        JdbcSinkSettings<K, V> s = new JdbcSinkSettings<>();
        s.url = url;
        s.user = user;
        s.password = password;
        s.dataSource = dataSource;
        s.table = table;
        s.columns = columns;
        s.keyColumns = keyColumns;
        s.rowMapper = rowMapper;
        s.statement = statement;
        s.poolSize = poolSize;
        s.retryTimeout = retryTimeout;
        s.retryBackoff = retryBackoff;
        s.offsetsTable = offsetsTable;
        s.consumerGroup = consumerGroup;
        change.accept(s);
        return s;
    }

    private static String identifier(String name, String what) {
        Objects.requireNonNull(name, what);
        if (!name.matches(IDENTIFIER)) {
            throw new IllegalArgumentException("JDBC sink " + what + " '" + name + "' is not a plain SQL identifier"
                    + " (letters, digits, '_', optionally schema.name); quoted identifiers are not supported");
        }
        return name;
    }
}
