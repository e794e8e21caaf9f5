package dev.eos.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eos.jdbc.JdbcSinkSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The database of one sink factory, shared by the sinks of all its processing threads: the
 * connection pool (HikariCP, opened by the first sink and closed with the last; or the user's
 * data source, never closed here) and what the first connection learned about the table
 * ({@link TableShape}), checked once.
 *
 * <p>The pool starts without a database ({@code initializationFailTimeout=-1}), waits at most a
 * few seconds for a connection, and drops connections that failed with a connection error, so a
 * database that is down only makes writes fail transiently, and they resume when it is back.
 */
public final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private final JdbcSinkSettings<?, ?> settings;
    private DataSource dataSource;
    private HikariDataSource pool;
    private int users;
    private volatile TableShape shape;

    public Database(JdbcSinkSettings<?, ?> settings) {
        this.settings = settings;
    }

    /** A sink starts using the database. */
    public synchronized void acquire() {
        if (users++ > 0) {
            return;
        }
        if (settings.dataSource().isPresent()) {
            dataSource = settings.dataSource().get();
            return;
        }
        if (settings.url().equals(JdbcSinkSettings.EMBEDDED_DEFAULT_URL)) {
            log.warn("JDBC sink for table {} writes to the embedded in-memory database {}: its rows are gone when "
                    + "the JVM exits. For anything but a demo give JdbcSinkSettings.withUrl(...).",
                    settings.table(), settings.describeDatabase());
        }
        pool = new HikariDataSource(poolConfig(settings));
        dataSource = pool;
    }

    /** A sink is done; the last one closes the pool. */
    public synchronized void release() {
        if (--users > 0) {
            return;
        }
        if (pool != null) {
            pool.close();
            pool = null;
        }
        dataSource = null;
    }

    /** A connection with auto-commit off. */
    public Connection connect() throws SQLException {
        DataSource ds;
        synchronized (this) {
            ds = dataSource;
        }
        if (ds == null) {
            throw new IllegalStateException("JDBC sink for " + settings.table() + " used after close");
        }
        Connection c = ds.getConnection();
        try {
            c.setAutoCommit(false);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The table as the first connection found it; checked on the first call, on {@code c}. */
    public TableShape shape(Connection c) throws SQLException {
        TableShape s = shape;
        if (s == null) {
            synchronized (this) {
                if (shape == null) {
                    shape = TableShape.read(c, settings);
                }
                s = shape;
            }
        }
        return s;
    }

    public JdbcSinkSettings<?, ?> settings() {
        return settings;
    }

    static HikariConfig poolConfig(JdbcSinkSettings<?, ?> settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("eos-jdbc-" + settings.table());
        c.setJdbcUrl(settings.url());
        c.setUsername(settings.user());
        c.setPassword(settings.password());
        c.setMaximumPoolSize(settings.poolSize());
        c.setMinimumIdle(1);
        c.setAutoCommit(false);
        // Start and keep running while the database is down: writes fail transiently and retry.
        c.setInitializationFailTimeout(-1);
        long waitMs = Math.max(250, Math.min(5_000, settings.retryTimeout().toMillis()));
        c.setConnectionTimeout(waitMs);
        c.setValidationTimeout(Math.max(250, Math.min(waitMs, 2_000)));
        if (settings.url().startsWith("jdbc:postgresql:")) {
            if (settings.statement().isEmpty()) {
                // Many rows per round trip for the built inserts and upserts (a custom statement
                // may update one row twice in a batch, which one multi-row statement cannot).
                c.addDataSourceProperty("reWriteBatchedInserts", "true");
            }
            c.addDataSourceProperty("ApplicationName", "eos-jdbc-sink");
            c.addDataSourceProperty("connectTimeout", String.valueOf(Duration.ofMillis(waitMs).toSeconds() + 1));
        }
        return c;
    }
}
