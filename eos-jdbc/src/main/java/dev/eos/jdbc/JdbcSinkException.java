package dev.eos.jdbc;

import dev.eos.errors.EosException;

/**
 * A JDBC sink cannot write and retrying will not help: the table is missing, a column is missing
 * or has another type than the row mapper's values, the settings do not fit the table. The
 * message names the table, the column and the fix. The processing thread stops with its offsets
 * uncommitted, so no input is lost once the cause is fixed.
 *
 * <pre>{@code
 * // Table clicks_per_user does not exist in jdbc:postgresql://127.0.0.1:5432/test.
 * // Fix: create it before starting the pipeline, e.g. CREATE TABLE clicks_per_user (...)
 * }</pre>
 */
public class JdbcSinkException extends EosException {
    public JdbcSinkException(String message) {
        super(message);
    }

    public JdbcSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
