package dev.eos.examples.rekey;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Checks what rekeying promises beyond exactly-once: every unit the partitioner hashes (a user,
 * say) is in one target partition, and its records are there in source order.
 *
 * <p>Source order is only defined within a source partition, so the order is checked per unit
 * and source partition: each target record is matched to the source record with the same value
 * (the job copies values byte for byte), and their source offsets must rise in target order.
 *
 * @param units how many units were checked
 * @param spread units found in more than one target partition
 * @param outOfOrder units whose records are not in source order
 * @param problems the first few problems, one line each
 */
record PlacementCheck(int units, int spread, int outOfOrder, List<String> problems) {
    private static final int MAX_PROBLEMS = 5;

    boolean ok() {
        return spread == 0 && outOfOrder == 0;
    }

    static PlacementCheck of(List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> target,
                             EventKeys keys, PartitionerChoice partitioner) {
        Map<String, Deque<ConsumerRecord<byte[], byte[]>>> sourceByValue = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : source) {
            sourceByValue.computeIfAbsent(text(r.value()), v -> new ArrayDeque<>()).add(r);
        }
        List<ConsumerRecord<byte[], byte[]>> ordered = new ArrayList<>(target);
        ordered.sort(Comparator.<ConsumerRecord<byte[], byte[]>>comparingInt(ConsumerRecord::partition)
                .thenComparingLong(ConsumerRecord::offset));

        Map<String, TreeSet<Integer>> partitionsOf = new HashMap<>();
        Map<String, Long> lastSourceOffset = new HashMap<>();
        Map<String, Boolean> inOrder = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : ordered) {
            String value = text(r.value());
            String unit = partitioner.unitOf(keys, text(r.key()), value);
            partitionsOf.computeIfAbsent(unit, u -> new TreeSet<>()).add(r.partition());
            Deque<ConsumerRecord<byte[], byte[]>> candidates = sourceByValue.get(value);
            ConsumerRecord<byte[], byte[]> from = candidates == null ? null : candidates.poll();
            if (from == null) {
                continue; // not from the source: the exactly-once verification reports it
            }
            String lane = unit + "\u0000" + from.partition();
            Long last = lastSourceOffset.put(lane, from.offset());
            if (last != null && last > from.offset() && inOrder.put(unit, false) == null && problems.size() < MAX_PROBLEMS) {
                problems.add("order: " + unit + " has source offset " + from.offset() + " of partition " + from.partition()
                        + " after offset " + last + " (target partition " + r.partition() + ", offset " + r.offset() + ")");
            }
        }
        int spread = 0;
        for (Map.Entry<String, TreeSet<Integer>> e : partitionsOf.entrySet()) {
            if (e.getValue().size() > 1) {
                spread++;
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add("spread: " + e.getKey() + " is in target partitions " + e.getValue());
                }
            }
        }
        return new PlacementCheck(partitionsOf.size(), spread, inOrder.size(), List.copyOf(problems));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
