package dev.eos.examples.rekey;

import java.io.PrintStream;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Records per partition of a topic, printed as a bar chart with the skew: the largest partition
 * divided by the mean. 1.0 is perfectly even; a hot partition shows as a large number.
 *
 * @param topic the topic counted
 * @param counts records per partition, indexed by partition
 */
record PartitionCounts(String topic, long[] counts) {
    private static final int BAR_WIDTH = 40;

    static PartitionCounts of(String topic, int partitions, List<? extends ConsumerRecord<?, ?>> records) {
        long[] counts = new long[partitions];
        for (ConsumerRecord<?, ?> r : records) {
            counts[r.partition()]++;
        }
        return new PartitionCounts(topic, counts);
    }

    long total() {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    long max() {
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        return max;
    }

    /** Largest partition over the mean partition; 0 for an empty topic. */
    double skew() {
        long total = total();
        return total == 0 ? 0 : (double) max() * counts.length / total;
    }

    void print(PrintStream out, String title) {
        out.printf("%s %s: %,d records in %d partitions, skew %.2f (largest partition / mean)%n",
                title, topic, total(), counts.length, skew());
        long max = Math.max(1, max());
        for (int p = 0; p < counts.length; p++) {
            int width = (int) Math.round((double) counts[p] * BAR_WIDTH / max);
            out.printf("  p%-3d %,9d  %5.1f%%  %s%n", p, counts[p], 100.0 * counts[p] / Math.max(1, total()),
                    "#".repeat(width));
        }
    }
}
