package dev.eos.jdbc.internal;

import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.sink.ExternalSink;
import dev.eos.sink.SinkRecord;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Idempotent mode: each batch is one transaction of batched upserts by the key columns. Writing
 * a batch again (after a retry, an abort or a crash under at-least-once) leaves the same rows.
 */
public final class UpsertSink<K, V> implements ExternalSink<K, V> {
    private final Database database;
    private final Transactions transactions;
    private final RowWriter<K, V> rows;
    private boolean closed;

    public UpsertSink(JdbcSinkSettings<K, V> settings, Database database) {
        this.database = database;
        this.transactions = new Transactions(database);
        this.rows = new RowWriter<>(settings);
        database.acquire();
    }

    @Override
    public void write(List<SinkRecord<K, V>> records, Map<TopicPartition, Long> nextOffsets) {
        if (records.isEmpty()) {
            return;
        }
        List<List<?>> batch = rows.rows(records);
        transactions.run("Upserting " + batch.size() + " rows", (c, shape) -> {
            rows.write(c, shape, batch);
            return null;
        });
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            database.release();
        }
    }
}
