package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.sink.ExternalSink;
import dev.eos.sink.SinkRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sink contract on PostgreSQL, plus what only a server does: connections that die mid-batch. */
class PostgresJdbcSinkTest extends JdbcSinkContract {

    @Override
    <K, V> JdbcSinkSettings<K, V> connectTo(JdbcSinkSettings<K, V> settings) {
        return settings.withUrl(Postgres.URL, Postgres.USER, "").withRetries(Duration.ofSeconds(20),
                Duration.ofMillis(50));
    }

    @Override
    void execute(String... sql) {
        Postgres.execute(sql);
    }

    @Override
    List<List<String>> query(String sql) {
        return Postgres.query(sql);
    }

    @Test
    void shouldRetryABatchWhoseConnectionIsCutMidBatchWithoutLosingOrDoublingRows() {
        AtomicBoolean cut = new AtomicBoolean();
        // The row mapper runs inside the transaction: cut every session once, mid-batch.
        JdbcSinkSettings<String, Long> settings = connectTo(JdbcSinkSettings.<String, Long>forTable(table, r -> {
            if (r.offset() == 500 && cut.compareAndSet(false, true)) {
                Postgres.terminateConnections();
            }
            return List.of(r.key(), r.value(), "x");
        }, "id", "amount", "src").withKeyColumns("id").withOffsetsTable(offsets).withConsumerGroup("cut-app"));
        List<SinkRecord<String, Long>> batch = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            batch.add(record(P0, i, "k" + i, i));
        }
        try (ExternalSink<String, Long> sink = JdbcSink.exactlyOnce(settings).create()) {
            sink.onAssigned(Set.of(P0));
            Postgres.terminateConnections(); // the pooled connection is dead before the write, too
            sink.write(batch, Map.of(P0, 1_000L));
        }
        assertThat(cut).isTrue();
        assertThat(Postgres.query("SELECT COUNT(*), SUM(amount) FROM " + table))
                .containsExactly(List.of("1000", String.valueOf(999 * 1000 / 2)));
        assertThat(Postgres.query("SELECT next_offset FROM " + offsets)).containsExactly(List.of("1000"));
    }

    @Test
    void exactlyOnce_aCustomRunningTotalShouldCountEveryRecordOnceAlsoWhenReplayed() {
        JdbcSinkSettings<String, Long> totals = connectTo(JdbcSinkSettings.<String, Long>forTable(table,
                        r -> List.of(r.key(), r.value(), "total"), "id", "amount", "src")
                .withKeyColumns("id")
                .withStatement("INSERT INTO " + table + " (id, amount, src) VALUES (?, ?, ?) ON CONFLICT (id)"
                        + " DO UPDATE SET amount = " + table + ".amount + EXCLUDED.amount")
                .withOffsetsTable(offsets).withConsumerGroup("totals-app"));
        List<SinkRecord<String, Long>> batch = List.of(record(P0, 0, "a", 1), record(P0, 1, "a", 10),
                record(P0, 2, "b", 5), record(P0, 3, "a", 100));
        try (ExternalSink<String, Long> sink = JdbcSink.exactlyOnce(totals).create()) {
            sink.onAssigned(Set.of(P0));
            sink.write(batch, Map.of(P0, 4L));
            sink.write(batch, Map.of(P0, 4L)); // replayed after an abort: skipped
        }
        assertThat(rows()).containsExactly("a=111", "b=5");
    }
}
