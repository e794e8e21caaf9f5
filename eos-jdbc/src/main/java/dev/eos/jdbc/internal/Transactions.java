package dev.eos.jdbc.internal;

import dev.eos.jdbc.JdbcSinkException;
import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.sink.RetriableSinkException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a unit of work as one database transaction and retries it on transient errors.
 *
 * <ol>
 *   <li>Take a connection from the pool (auto-commit off); run the work; commit.</li>
 *   <li>On a {@link SqlErrors.Kind#TRANSIENT} error: roll back (the connection may be gone, then
 *       the pool drops it), wait the backoff (doubling up to 2 s) and start again at step 1,
 *       until the retry timeout has passed; then throw {@link RetriableSinkException}, so the
 *       pipeline reprocesses from its last commit point.</li>
 *   <li>On any other SQL error: roll back and throw {@link JdbcSinkException} naming the table,
 *       its columns and the fix. Exceptions the work throws itself (fencing) pass unchanged,
 *       after the rollback.</li>
 * </ol>
 * Each try either commits whole or not at all, so retrying never loses or doubles a row. A
 * commit whose acknowledgement was lost may have committed: the work must be idempotent (an
 * upsert; or offsets that make the second try skip the rows).
 */
public final class Transactions {
    private static final Logger log = LoggerFactory.getLogger(Transactions.class);
    private static final long MAX_BACKOFF_MS = 2_000;

    /** Work inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection, TableShape shape) throws SQLException;
    }

    private final Database database;
    private final Sleeper sleeper;

    /** How the retry loop waits; tests replace it. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long ms) throws InterruptedException;
    }

    public Transactions(Database database) {
        this(database, Thread::sleep);
    }

    public Transactions(Database database, Sleeper sleeper) {
        this.database = database;
        this.sleeper = sleeper;
    }

    /** Runs {@code work} in a transaction, retried as described above; {@code what} is for messages. */
    public <T> T run(String what, Work<T> work) {
        JdbcSinkSettings<?, ?> settings = database.settings();
        long start = System.nanoTime();
        long backoff = settings.retryBackoff().toMillis();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                return once(work);
            } catch (SQLException e) {
                SqlErrors.Kind kind = SqlErrors.classify(e);
                if (kind != SqlErrors.Kind.TRANSIENT) {
                    throw fatal(what, e, kind);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                if (elapsed.plusMillis(backoff).compareTo(settings.retryTimeout()) > 0) {
                    throw new RetriableSinkException(what + " in " + settings.describeDatabase() + " failed " + attempt
                            + " times on transient errors within " + elapsed.toMillis() + " ms (retry timeout "
                            + settings.retryTimeout() + "); the pipeline reprocesses from its last commit point. Last"
                            + " error: " + SqlErrors.describe(e) + ". Fix: check that the database is up and reachable; to ride out longer outages,"
                            + " raise the sink's retry timeout (withRetries(timeout, backoff))", e);
                }
                log.warn("{} in {} failed on a transient error (attempt {}), retrying in {} ms: {}", what,
                        settings.describeDatabase(), attempt, backoff, SqlErrors.describe(e));
                pause(what, backoff, e);
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
            }
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection c = database.connect()) {
            try {
                T result = work.run(c, database.shape(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackError) {
            cause.addSuppressed(rollbackError);
        }
    }

    private void pause(String what, long ms, SQLException cause) {
        try {
            sleeper.sleep(ms);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new RetriableSinkException(what + " was interrupted while waiting to retry", cause);
        }
    }

    private JdbcSinkException fatal(String what, SQLException e, SqlErrors.Kind kind) {
        JdbcSinkSettings<?, ?> s = database.settings();
        String state = SqlErrors.decidingState(e);
        String fix = switch (kind) {
            case SCHEMA -> "Fix: make the table's column types match what the RowMapper returns (or the other way"
                    + " round); the table must exist with columns " + s.columns() + ".";
            default -> "Fix: see the database error; nothing of this batch was written and the input is not"
                    + " committed, so the pipeline resumes where it stopped once the cause is fixed.";
        };
        return new JdbcSinkException(what + " into table " + s.table() + " in " + s.describeDatabase()
                + " failed with SQLState " + state + " (" + kind.name().toLowerCase() + " error, not retried): "
                + SqlErrors.describe(e) + ". " + fix, e);
    }
}
