package dev.eos.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * How far a run's committed output has come, in input records accounted for.
 *
 * <ul>
 *   <li>{@link RecordCount} (the copy): one output record per input record, so the number of
 *       output records.</li>
 *   <li>{@link CountTotals} (the count): the output is a changelog of counts, and a framework
 *       may emit fewer updates than inputs (Kafka Streams' record cache folds updates of a key
 *       within a commit). The latest count of each key is what the key accounts for, so
 *       progress is the sum over keys of each key's latest committed count. It equals the input
 *       size exactly when every input record was counted once; above it means double counting.</li>
 * </ul>
 *
 * Called from the counter's thread only.
 */
interface OutputProgress {

    /** Takes one committed output record; returns the input records accounted for so far. */
    long accept(byte[] key, byte[] value);

    /** Output records seen so far. */
    long outputRecords();

    /** The latest count of {@code key}, or -1 if none was seen (counts only). */
    default long latestCount(String key) {
        return -1;
    }

    /** The copy: every output record stands for one input record. */
    final class RecordCount implements OutputProgress {
        private long records;

        @Override
        public long accept(byte[] key, byte[] value) {
            return ++records;
        }

        @Override
        public long outputRecords() {
            return records;
        }
    }

    /** The count: the sum of the latest count of every key (String keys, 8-byte big-endian longs). */
    final class CountTotals implements OutputProgress {
        private final Map<ByteBuffer, Long> latest = new HashMap<>();
        private long total;
        private long records;

        @Override
        public long accept(byte[] key, byte[] value) {
            records++;
            long count = value == null ? 0 : ByteBuffer.wrap(value).getLong();
            Long previous = latest.put(ByteBuffer.wrap(key), count);
            total += count - (previous == null ? 0 : previous);
            return total;
        }

        @Override
        public long outputRecords() {
            return records;
        }

        @Override
        public long latestCount(String key) {
            Long count = latest.get(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
            return count == null ? -1 : count;
        }
    }
}
