package dev.eos.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.sink.ExternalSink;
import dev.eos.sink.ExternalSinkFactory;
import dev.eos.sink.SinkFencedException;
import dev.eos.sink.SinkRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink contract, run against each database: the embedded default (H2) and PostgreSQL.
 * Idempotent mode: the same batch written twice leaves the same rows. Exactly-once mode: rows
 * below the stored offsets are skipped, partitions start at the stored offsets, and a zombie's
 * write is refused without a trace.
 */
abstract class JdbcSinkContract {
    static final String TOPIC = "orders";
    static final TopicPartition P0 = new TopicPartition(TOPIC, 0);
    static final TopicPartition P1 = new TopicPartition(TOPIC, 1);
    private static final AtomicInteger TABLES = new AtomicInteger();

    String table;
    String offsets;

    /** Settings pointing at this database, for {@code forTable(...)} settings. */
    abstract <K, V> JdbcSinkSettings<K, V> connectTo(JdbcSinkSettings<K, V> settings);

    abstract void execute(String... sql);

    abstract List<List<String>> query(String sql);

    @BeforeEach
    void createTables() {
        int n = TABLES.incrementAndGet();
        table = "contract_" + getClass().getSimpleName().toLowerCase() + "_" + ProcessHandle.current().pid() + "_" + n;
        offsets = table + "_offsets";
        execute("DROP TABLE IF EXISTS " + table, "DROP TABLE IF EXISTS " + offsets,
                "CREATE TABLE " + table + " (id VARCHAR(64) PRIMARY KEY, amount BIGINT NOT NULL, src VARCHAR(64))");
    }

    JdbcSinkSettings<String, Long> settings() {
        return connectTo(JdbcSinkSettings.<String, Long>forTable(table,
                        r -> List.of(r.key(), r.value(), r.topic() + "-" + r.partition() + "@" + r.offset()),
                        "id", "amount", "src")
                .withKeyColumns("id")
                .withOffsetsTable(offsets)
                .withConsumerGroup("contract-app"));
    }

    static SinkRecord<String, Long> record(TopicPartition tp, long offset, String key, long value) {
        return new SinkRecord<>(key, value, 1_000 + offset, new RecordHeaders(), tp.topic(), tp.partition(), offset);
    }

    List<String> rows() {
        List<String> out = new ArrayList<>();
        query("SELECT id, amount FROM " + table + " ORDER BY id").forEach(r -> out.add(r.get(0) + "=" + r.get(1)));
        return out;
    }

    @Test
    void upsert_writingTheSameBatchTwiceShouldLeaveTheSameRows() {
        List<SinkRecord<String, Long>> batch = List.of(record(P0, 0, "a", 1), record(P0, 1, "b", 2),
                record(P0, 2, "a", 3));
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(settings()).create()) {
            sink.write(batch, Map.of(P0, 3L));
            List<String> once = rows();
            sink.write(batch, Map.of(P0, 3L));

            assertThat(once).containsExactly("a=3", "b=2");
            assertThat(rows()).isEqualTo(once);
        }
    }

    @Test
    void upsert_shouldWriteManyRowsInOneBatch() {
        List<SinkRecord<String, Long>> batch = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            batch.add(record(P0, i, "k" + (i % 1_000), i));
        }
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(settings()).create()) {
            sink.write(batch, Map.of(P0, 5_000L));
        }
        assertThat(query("SELECT COUNT(*), SUM(amount) FROM " + table))
                .containsExactly(List.of("1000", String.valueOf((4_000 + 4_999) * 1_000 / 2)));
    }

    @Test
    void exactlyOnce_shouldStartAtTheStoredOffsetsAndSkipRowsBelowThem() {
        ExternalSinkFactory<String, Long> factory = JdbcSink.exactlyOnce(settings());
        assertThat(factory.ownsOffsets()).isTrue();
        try (ExternalSink<String, Long> first = factory.create()) {
            assertThat(first.onAssigned(Set.of(P0, P1))).isEmpty();
            first.write(List.of(record(P0, 0, "a", 1), record(P1, 0, "b", 1)), Map.of(P0, 1L, P1, 1L));
            first.write(List.of(record(P0, 1, "a", 2)), Map.of(P0, 2L, P1, 1L));
        }
        try (ExternalSink<String, Long> restarted = factory.create()) {
            assertThat(restarted.onAssigned(Set.of(P0, P1))).isEqualTo(Map.of(P0, 2L, P1, 1L));
            // Reprocessed after an abort: offsets below the stored ones are already in the table.
            restarted.write(List.of(record(P0, 0, "a", 100), record(P0, 1, "a", 200), record(P0, 2, "c", 3)),
                    Map.of(P0, 3L));
        }
        assertThat(rows()).containsExactly("a=2", "b=1", "c=3");
        assertThat(query("SELECT topic, kafka_partition, next_offset, epoch FROM " + offsets
                + " ORDER BY kafka_partition")).containsExactly(List.of(TOPIC, "0", "3", "2"), List.of(TOPIC, "1", "1", "2"));
    }

    @Test
    void exactlyOnce_aZombiesLateWriteShouldBeRejectedAndLeaveNoTrace() {
        ExternalSinkFactory<String, Long> factory = JdbcSink.exactlyOnce(settings());
        try (ExternalSink<String, Long> zombie = factory.create(); ExternalSink<String, Long> owner = factory.create()) {
            zombie.onAssigned(Set.of(P0));
            zombie.write(List.of(record(P0, 0, "a", 1)), Map.of(P0, 1L));
            owner.onAssigned(Set.of(P0));
            owner.write(List.of(record(P0, 1, "a", 2)), Map.of(P0, 2L));

            assertThatThrownBy(() -> zombie.write(List.of(record(P0, 1, "a", 999), record(P0, 2, "z", 9)),
                    Map.of(P0, 3L)))
                    .isInstanceOf(SinkFencedException.class)
                    .hasMessageContaining("was claimed by epoch 2")
                    .hasMessageContaining("this sink's epoch is 1");
        }
        assertThat(rows()).containsExactly("a=2");
        assertThat(query("SELECT next_offset FROM " + offsets)).containsExactly(List.of("2"));
    }

    @Test
    void exactlyOnce_shouldAppendWithPlainInsertsWithoutKeyColumns() {
        execute("CREATE TABLE " + table + "_log (amount BIGINT NOT NULL)");
        JdbcSinkSettings<String, Long> log = connectTo(JdbcSinkSettings.<String, Long>forTable(table + "_log",
                r -> List.of(r.value()), "amount").withOffsetsTable(offsets).withConsumerGroup("append-app"));
        try (ExternalSink<String, Long> sink = JdbcSink.exactlyOnce(log).create()) {
            sink.onAssigned(Set.of(P0));
            sink.write(List.of(record(P0, 0, "x", 5), record(P0, 1, "x", 5)), Map.of(P0, 2L));
            sink.write(List.of(record(P0, 0, "x", 5), record(P0, 1, "x", 5), record(P0, 2, "x", 7)), Map.of(P0, 3L));
        } finally {
            assertThat(query("SELECT amount FROM " + table + "_log ORDER BY amount"))
                    .containsExactly(List.of("5"), List.of("5"), List.of("7"));
            execute("DROP TABLE " + table + "_log");
        }
    }

    @Test
    void shouldNameTheTableAndTheFixWhenTheTableIsMissing() {
        JdbcSinkSettings<String, Long> missing = connectTo(JdbcSinkSettings.<String, Long>forTable(
                "no_such_table_" + table, r -> List.of(r.key(), r.value()), "id", "amount").withKeyColumns("id"));
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(missing).create()) {
            assertThatThrownBy(() -> sink.write(List.of(record(P0, 0, "a", 1)), Map.of(P0, 1L)))
                    .isInstanceOf(JdbcSinkException.class)
                    .hasMessageContaining("Table no_such_table_" + table + " does not exist")
                    .hasMessageContaining("CREATE TABLE no_such_table_" + table + " (id <type>, amount <type>,"
                            + " PRIMARY KEY (id))");
        }
    }

    @Test
    void shouldNameTheColumnWhenAColumnIsMissing() {
        JdbcSinkSettings<String, Long> typo = connectTo(JdbcSinkSettings.<String, Long>forTable(table,
                r -> List.of(r.key(), r.value()), "id", "amout").withKeyColumns("id"));
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(typo).create()) {
            assertThatThrownBy(() -> sink.write(List.of(record(P0, 0, "a", 1)), Map.of()))
                    .isInstanceOf(JdbcSinkException.class)
                    .hasMessageContaining("has no column amout")
                    .hasMessageContaining("ALTER TABLE " + table + " ADD COLUMN amout");
        }
    }

    @Test
    void shouldNameColumnTypesAndValuesWhenTheValuesDoNotFit() {
        JdbcSinkSettings<String, String> wrongType = connectTo(JdbcSinkSettings.<String, String>forTable(table,
                r -> List.of(r.key(), r.value(), "src"), "id", "amount", "src").withKeyColumns("id"));
        try (ExternalSink<String, String> sink = JdbcSink.upsert(wrongType).create()) {
            SinkRecord<String, String> notANumber =
                    new SinkRecord<>("a", "twelve", 0, new RecordHeaders(), TOPIC, 0, 0);
            assertThatThrownBy(() -> sink.write(List.of(notANumber), Map.of()))
                    .isInstanceOf(JdbcSinkException.class)
                    .hasMessageContaining("the values do not fit the table")
                    .hasMessageContaining("amount=String twelve")
                    .hasMessageContaining("Fix: make the RowMapper return the columns' types");
        }
        assertThat(rows()).isEmpty();
    }

    @Test
    void shouldRequireAUniqueIndexOnTheKeyColumns() {
        execute("CREATE TABLE " + table + "_nokey (id VARCHAR(64), amount BIGINT)");
        JdbcSinkSettings<String, Long> noKey = connectTo(JdbcSinkSettings.<String, Long>forTable(table + "_nokey",
                r -> List.of(r.key(), r.value()), "id", "amount").withKeyColumns("id"));
        try (ExternalSink<String, Long> sink = JdbcSink.upsert(noKey).create()) {
            assertThatThrownBy(() -> sink.write(List.of(record(P0, 0, "a", 1)), Map.of()))
                    .isInstanceOf(JdbcSinkException.class)
                    .hasMessageContaining("has no primary key or unique index on exactly the key columns [id]")
                    .hasMessageContaining("ADD PRIMARY KEY (id)");
        } finally {
            execute("DROP TABLE " + table + "_nokey");
        }
    }
}
