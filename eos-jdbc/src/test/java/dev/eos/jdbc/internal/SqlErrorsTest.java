package dev.eos.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Every SQL error maps to one consequence: retry the transaction, or stop with a clear error. */
class SqlErrorsTest {

    @Test
    void connectionLossAdminShutdownAndLostRacesShouldBeTransient() {
        for (String state : new String[] {"08006", "08001", "57P01", "57P03", "40001", "40P01", "55P03", "53300",
                "HYT00"}) {
            assertThat(SqlErrors.classify(new SQLException("x", state))).as(state).isEqualTo(SqlErrors.Kind.TRANSIENT);
        }
        // A pool timeout has no SQLState; its type says it.
        assertThat(SqlErrors.classify(new SQLTransientConnectionException("pool timed out")))
                .isEqualTo(SqlErrors.Kind.TRANSIENT);
    }

    @Test
    void missingTablesColumnsAndWrongTypesShouldBeSchemaErrors() {
        for (String state : new String[] {"42P01", "42703", "42804", "22P02", "42883", "22003", "42S02"}) {
            assertThat(SqlErrors.classify(new SQLException("x", state))).as(state).isEqualTo(SqlErrors.Kind.SCHEMA);
        }
    }

    @Test
    void aBatchShouldBeClassifiedByTheErrorItHidesInItsNextException() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 3 was aborted", "22P02", new int[0]);
        SQLException real = new SQLException("terminating connection due to administrator command", "57P01");
        BatchUpdateException hidden = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        hidden.setNextException(real);

        assertThat(SqlErrors.classify(batch)).isEqualTo(SqlErrors.Kind.SCHEMA);
        assertThat(SqlErrors.classify(hidden)).isEqualTo(SqlErrors.Kind.TRANSIENT);
        assertThat(SqlErrors.describe(hidden)).contains("[57P01] terminating connection");
    }

    @Test
    void constraintAndPermissionErrorsShouldBeFatal() {
        assertThat(SqlErrors.classify(new SQLException("duplicate key", "23505"))).isEqualTo(SqlErrors.Kind.FATAL);
        assertThat(SqlErrors.classify(new SQLException("permission denied", "42501"))).isEqualTo(SqlErrors.Kind.FATAL);
    }
}
