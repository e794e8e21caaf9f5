package dev.eos.it;

import static dev.eos.it.KafkaIo.string;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Input and output of the counting pipelines: keyed input records, the oracle count per key, and
 * the check that the committed updates of every key are exactly {@code 1, 2, ..., n}.
 */
final class CountOutput {
    private CountOutput() {
    }

    /** {@code count} records over {@code keys} keys ({@code key-0000}, ...), drawn at random for {@code seed}. */
    static List<ProducerRecord<byte[], byte[]>> randomKeys(String topic, int count, int keys, long seed) {
        Random random = new Random(seed);
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(KafkaIo.record(topic, key(random.nextInt(keys)), "v" + i));
        }
        return out;
    }

    static String key(int number) {
        return String.format("key-%04d", number);
    }

    /** How many records each key has in {@code input}. */
    static Map<String, Long> oracle(List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, Long> counts = new TreeMap<>();
        for (ProducerRecord<byte[], byte[]> r : input) {
            counts.merge(string(r.key()), 1L, Long::sum);
        }
        return counts;
    }

    /** The committed count updates of each key, in the order they were written (String keys, Long values). */
    static Map<String, List<Long>> updatesByKey(List<ConsumerRecord<byte[], byte[]>> output) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : output) {
            out.computeIfAbsent(string(r.key()), k -> new ArrayList<>()).add(ByteBuffer.wrap(r.value()).getLong());
        }
        return out;
    }

    /**
     * What is wrong with the committed updates measured against the oracle: per key, the
     * sequence must be exactly {@code 1..n} with {@code n} the oracle's count. Empty when right.
     * At most {@code limit} problems are listed, followed by how many there were in all.
     */
    static List<String> problems(Map<String, Long> oracle, Map<String, List<Long>> updates, int limit) {
        List<String> problems = new ArrayList<>();
        Map<String, List<Long>> unexpected = new LinkedHashMap<>(updates);
        int total = 0;
        for (Map.Entry<String, Long> e : oracle.entrySet()) {
            List<Long> seen = unexpected.remove(e.getKey());
            String problem = checkSequence(e.getKey(), e.getValue(), seen == null ? List.of() : seen);
            if (problem != null) {
                total++;
                if (problems.size() < limit) {
                    problems.add(problem);
                }
            }
        }
        for (Map.Entry<String, List<Long>> e : unexpected.entrySet()) {
            total++;
            if (problems.size() < limit) {
                problems.add("key " + e.getKey() + " has no input but output " + abbreviate(e.getValue()));
            }
        }
        if (total > problems.size()) {
            problems.add("... " + total + " keys wrong in all");
        }
        return problems;
    }

    private static String checkSequence(String key, long n, List<Long> seen) {
        for (int i = 0; i < seen.size(); i++) {
            if (seen.get(i) != i + 1) {
                String what = i > 0 && seen.get(i).equals(seen.get(i - 1)) ? "a repeat"
                        : seen.get(i) > i + 1 ? "a gap" : "out of order";
                return "key " + key + ": update " + (i + 1) + " is " + seen.get(i) + " (" + what + "); updates "
                        + abbreviate(seen) + ", expected 1.." + n;
            }
        }
        if (seen.size() != n) {
            return "key " + key + ": last count " + (seen.isEmpty() ? "none" : seen.get(seen.size() - 1))
                    + ", expected " + n;
        }
        return null;
    }

    private static String abbreviate(List<Long> values) {
        return values.size() <= 12 ? values.toString()
                : values.subList(0, 6) + "..." + values.subList(values.size() - 6, values.size())
                        + " (" + values.size() + " values)";
    }
}
