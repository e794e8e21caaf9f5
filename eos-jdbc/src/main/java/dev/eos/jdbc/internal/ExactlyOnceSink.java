package dev.eos.jdbc.internal;

import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.sink.ExternalSink;
import dev.eos.sink.SinkRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once mode: the rows and the next source offsets go into the database in one
 * transaction, and the runtime starts each partition at the offset stored there.
 *
 * <p>On assignment ({@link #onAssigned}): one transaction claims the partitions in the offsets
 * table (epoch + 1) and returns their stored next offsets. Each write is one transaction:
 * <ol>
 *   <li>lock the offsets rows of the batch's partitions and check that their epochs are still
 *       ours, else roll back and throw {@code SinkFencedException} (we are a zombie);</li>
 *   <li>write the rows of the records at or above each partition's stored next offset (records
 *       below it are already in the table: input reprocessed after an abort or a Kafka commit
 *       that failed after the database commit);</li>
 *   <li>store each partition's next offset (never lower than the stored one), fenced by epoch;</li>
 *   <li>commit.</li>
 * </ol>
 * Transient errors retry the whole transaction (see {@link Transactions}).
 */
public final class ExactlyOnceSink<K, V> implements ExternalSink<K, V> {
    private static final Logger log = LoggerFactory.getLogger(ExactlyOnceSink.class);

    private final Database database;
    private final Transactions transactions;
    private final RowWriter<K, V> rows;
    private final OffsetsTable offsets;
    private final Map<TopicPartition, Long> epochs = new HashMap<>();
    private boolean offsetsTableReady;
    private boolean closed;

    public ExactlyOnceSink(JdbcSinkSettings<K, V> settings, Database database) {
        this.database = database;
        this.transactions = new Transactions(database);
        this.rows = new RowWriter<>(settings);
        this.offsets = new OffsetsTable(settings.offsetsTable(), settings.consumerGroup().orElseThrow());
        database.acquire();
    }

    @Override
    public Map<TopicPartition, Long> onAssigned(Set<TopicPartition> partitions) {
        if (!offsetsTableReady) {
            transactions.run("Creating the offsets table", (c, shape) -> {
                offsets.create(c);
                return null;
            });
            offsetsTableReady = true;
        }
        Map<TopicPartition, OffsetsTable.Position> claimed =
                transactions.run("Claiming " + partitions, (c, shape) -> offsets.claim(c, partitions));
        Map<TopicPartition, Long> starts = new HashMap<>();
        claimed.forEach((tp, p) -> {
            epochs.put(tp, p.epoch());
            if (p.nextOffset() != null) {
                starts.put(tp, p.nextOffset());
            }
        });
        log.info("Claimed {} with epochs {}; stored next offsets {}", partitions, epochs, starts);
        return starts;
    }

    @Override
    public void onRevoked(Set<TopicPartition> partitions) {
        partitions.forEach(epochs::remove);
    }

    @Override
    public void write(List<SinkRecord<K, V>> records, Map<TopicPartition, Long> nextOffsets) {
        if (records.isEmpty() && nextOffsets.isEmpty()) {
            return;
        }
        Set<TopicPartition> partitions = new HashSet<>(nextOffsets.keySet());
        records.forEach(r -> {
            if (r.topic() != null) {
                partitions.add(new TopicPartition(r.topic(), r.partition()));
            }
        });
        Map<TopicPartition, Long> mine = Map.copyOf(epochs);
        transactions.run("Writing " + records.size() + " records with offsets " + nextOffsets, (c, shape) -> {
            Map<TopicPartition, Long> stored = offsets.lockOwned(c, partitions, mine);
            rows.write(c, shape, rows.rows(unseen(records, stored)));
            Map<TopicPartition, Long> advanced = new HashMap<>();
            nextOffsets.forEach((tp, next) -> {
                Long before = stored.get(tp);
                advanced.put(tp, before == null ? next : Math.max(before, next));
            });
            offsets.advance(c, advanced, mine);
            return null;
        });
    }

    /** The records not yet in the table: at or above their partition's stored next offset. */
    private static <K, V> List<SinkRecord<K, V>> unseen(List<SinkRecord<K, V>> records,
                                                         Map<TopicPartition, Long> stored) {
        List<SinkRecord<K, V>> out = new ArrayList<>(records.size());
        for (SinkRecord<K, V> r : records) {
            Long next = r.topic() == null ? null : stored.get(new TopicPartition(r.topic(), r.partition()));
            if (next == null || r.offset() >= next) {
                out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            database.release();
        }
    }
}
