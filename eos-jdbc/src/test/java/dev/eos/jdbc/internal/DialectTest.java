package dev.eos.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements the sink builds, per database. */
class DialectTest {

    @Test
    void postgresShouldUpsertWithOnConflictDoUpdateOfTheOtherColumns() {
        assertThat(Dialect.POSTGRESQL.upsert("totals", List.of("id", "day", "amount"), List.of("id", "day")))
                .isEqualTo("INSERT INTO totals (id, day, amount) VALUES (?, ?, ?) ON CONFLICT (id, day)"
                        + " DO UPDATE SET amount = EXCLUDED.amount");
        assertThat(Dialect.POSTGRESQL.upsert("seen", List.of("id"), List.of("id")))
                .isEqualTo("INSERT INTO seen (id) VALUES (?) ON CONFLICT (id) DO NOTHING");
    }

    @Test
    void h2ShouldUpsertWithMergeKey() {
        assertThat(Dialect.H2.upsert("totals", List.of("id", "amount"), List.of("id")))
                .isEqualTo("MERGE INTO totals (id, amount) KEY (id) VALUES (?, ?)");
    }

    @Test
    void unknownDatabasesShouldHaveNoUpsert() {
        assertThat(Dialect.of("Apache Derby")).isEqualTo(Dialect.OTHER);
        assertThat(Dialect.OTHER.upsert("t", List.of("a"), List.of("a"))).isNull();
        assertThat(Dialect.of("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.of("H2")).isEqualTo(Dialect.H2);
    }
}
