package dev.eos.jdbc.internal;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one place that maps a {@link SQLException} to what the sink does about it, by SQLState
 * (PostgreSQL's codes, and H2's where they differ):
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: the connection or the server went away or is restarting (class
 *       {@code 08}, {@code 57P01..03}, {@code 53300} too many connections), the transaction lost a
 *       race ({@code 40001} serialization failure, {@code 40P01} deadlock, {@code 55P03} lock not
 *       available, H2 {@code HYT00} lock timeout), or the driver says so by the exception type.
 *       The transaction rolled back; doing it again is safe.</li>
 *   <li>{@link Kind#SCHEMA}: the table or a column is missing, or the values do not fit the
 *       column types ({@code 42P01}, {@code 42703}, {@code 42804}, {@code 42883}, {@code 42P10},
 *       class {@code 22}, H2 {@code 42S02}/{@code 42S22}). Retrying cannot help.</li>
 *   <li>{@link Kind#FATAL}: anything else (a constraint violation, a permission error).</li>
 * </ul>
 * A batch failure wraps the real error in {@code getNextException()}; every linked exception is
 * looked at, and the first with a known SQLState decides.
 */
public final class SqlErrors {
    /** What a SQL error means for the sink. */
    public enum Kind { TRANSIENT, SCHEMA, FATAL }

    private static final Set<String> TRANSIENT_STATES = Set.of(
            "40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300", "53400", "HYT00", "90067");
    private static final Set<String> SCHEMA_STATES = Set.of(
            "42P01", "42703", "42804", "42883", "42P10", "42S02", "42S22", "42S12", "42000");

    private SqlErrors() {
    }

    public static Kind classify(SQLException error) {
        for (SQLException e = error; e != null; e = next(e)) {
            Kind kind = byState(e.getSQLState());
            if (kind != null) {
                return kind;
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof java.sql.SQLNonTransientConnectionException
                    || t instanceof java.io.IOException) {
                return Kind.TRANSIENT;
            }
        }
        return Kind.FATAL;
    }

    /** The SQLState that decided, for messages; or null. */
    public static String decidingState(SQLException error) {
        for (SQLException e = error; e != null; e = next(e)) {
            if (byState(e.getSQLState()) != null) {
                return e.getSQLState();
            }
        }
        return error.getSQLState();
    }

    /** The most specific message: the linked exception's, where a batch hides it. */
    public static String describe(SQLException error) {
        StringBuilder out = new StringBuilder();
        for (SQLException e = error; e != null; e = next(e)) {
            if (out.length() > 0) {
                out.append("; caused by: ");
            }
            out.append('[').append(e.getSQLState()).append("] ").append(e.getMessage());
        }
        return out.toString();
    }

    private static Kind byState(String state) {
        if (state == null) {
            return null;
        }
        if (state.startsWith("08") || TRANSIENT_STATES.contains(state)) {
            return Kind.TRANSIENT;
        }
        if (state.startsWith("22") || SCHEMA_STATES.contains(state)) {
            return Kind.SCHEMA;
        }
        return null;
    }

    private static SQLException next(SQLException e) {
        SQLException next = e.getNextException();
        if (next != null && next != e) {
            return next;
        }
        return e.getCause() instanceof SQLException cause && cause != e ? cause : null;
    }
}
