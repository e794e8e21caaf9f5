package dev.eos.jdbc.internal;

import dev.eos.sink.SinkFencedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets table of exactly-once mode: one row per (consumer group, topic, partition) with the
 * next source offset the sink's table reflects and the epoch of the partition's current owner.
 *
 * <p>Invariants: {@code next_offset} only grows, and changes only in a transaction that also
 * wrote the rows of the offsets below it; {@code epoch} grows by one with every claim, and a
 * write checks it under a row lock ({@code SELECT ... FOR UPDATE}) and again in the
 * {@code UPDATE ... WHERE epoch = ?}, so a write of an earlier owner (a zombie) that comes
 * after a claim is refused and rolled back.
 */
public final class OffsetsTable {
    /** The row of a partition as a claim or a write found it. */
    public record Position(Long nextOffset, long epoch) {
    }

    private final String table;
    private final String group;

    public OffsetsTable(String table, String group) {
        this.table = table;
        this.group = group;
    }

    /** Creates the table if it does not exist. */
    public void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (consumer_group VARCHAR(255) NOT NULL,"
                    + " topic VARCHAR(255) NOT NULL, kafka_partition INTEGER NOT NULL, next_offset BIGINT,"
                    + " epoch BIGINT NOT NULL, PRIMARY KEY (consumer_group, topic, kafka_partition))");
        } catch (SQLException e) {
            // Two creators at once: PostgreSQL reports the loser as a duplicate; the table exists now.
            if (!"23505".equals(e.getSQLState()) && !"42P07".equals(e.getSQLState())) {
                throw e;
            }
            c.rollback();
        }
    }

    /**
     * Claims {@code partitions} for a new owner: each row's epoch goes up by one (the row is
     * created with epoch 1 if missing). In partition order, so that two claimers never deadlock.
     *
     * @return each partition's position after the claim
     */
    public Map<TopicPartition, Position> claim(Connection c, Collection<TopicPartition> partitions)
            throws SQLException {
        Map<TopicPartition, Position> out = new HashMap<>();
        for (TopicPartition tp : Partitions.sorted(partitions)) {
            int updated;
            try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET epoch = epoch + 1"
                    + " WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?")) {
                bindKey(ps, tp);
                updated = ps.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                        + " (consumer_group, topic, kafka_partition, next_offset, epoch) VALUES (?, ?, ?, NULL, 1)")) {
                    bindKey(ps, tp);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState()) || "23001".equals(e.getSQLState())) {
                        // Another owner created the row at the same moment: claim again.
                        throw new SQLTransientException("concurrent first claim of " + tp, "40001", e);
                    }
                    throw e;
                }
            }
            out.put(tp, read(c, tp, false));
        }
        return out;
    }

    /**
     * Locks the rows of {@code partitions} for this transaction and checks that {@code epochs}
     * still owns each one.
     *
     * @return each partition's next offset (null if none stored yet)
     * @throws SinkFencedException if a newer owner claimed one of them
     */
    public Map<TopicPartition, Long> lockOwned(Connection c, Collection<TopicPartition> partitions,
                                               Map<TopicPartition, Long> epochs) throws SQLException {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition tp : Partitions.sorted(partitions)) {
            Long mine = epochs.get(tp);
            if (mine == null) {
                throw new SinkFencedException(tp + " is not assigned to this sink (no claim in " + table + " for group "
                        + group + "); its write is refused");
            }
            Position p = read(c, tp, true);
            if (p == null || p.epoch() != mine) {
                throw new SinkFencedException(tp + " of group " + group + " was claimed by epoch "
                        + (p == null ? "none" : p.epoch()) + " in " + table + "; this sink's epoch is " + mine
                        + ", so it is a zombie and its write is refused");
            }
            next.put(tp, p.nextOffset());
        }
        return next;
    }

    /**
     * Stores each partition's next offset, fenced by the epoch.
     *
     * @throws SinkFencedException if a row's epoch is no longer ours (0 rows updated)
     */
    public void advance(Connection c, Map<TopicPartition, Long> nextOffsets, Map<TopicPartition, Long> epochs)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET next_offset = ?"
                + " WHERE consumer_group = ? AND topic = ? AND kafka_partition = ? AND epoch = ?")) {
            for (TopicPartition tp : Partitions.sorted(nextOffsets.keySet())) {
                ps.setLong(1, nextOffsets.get(tp));
                ps.setString(2, group);
                ps.setString(3, tp.topic());
                ps.setInt(4, tp.partition());
                ps.setLong(5, epochs.get(tp));
                if (ps.executeUpdate() != 1) {
                    throw new SinkFencedException(tp + " of group " + group + " is no longer owned by epoch "
                            + epochs.get(tp) + " in " + table + "; the write is refused");
                }
            }
        }
    }

    private Position read(Connection c, TopicPartition tp, boolean forUpdate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT next_offset, epoch FROM " + table
                + " WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            bindKey(ps, tp);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long next = rs.getLong(1);
                Long nextOffset = rs.wasNull() ? null : next;
                return new Position(nextOffset, rs.getLong(2));
            }
        }
    }

    private void bindKey(PreparedStatement ps, TopicPartition tp) throws SQLException {
        ps.setString(1, group);
        ps.setString(2, tp.topic());
        ps.setInt(3, tp.partition());
    }
}
