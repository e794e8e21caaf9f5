package dev.eos.testkit.differential;

import static dev.eos.testkit.differential.BuildContext.STRINGS;

import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import dev.eos.testkit.driver.DifferentialCheck.InputTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random input for a {@link RandomPipeline}: records of the topics it reads, with keys from a
 * small alphabet (so they collide) and sometimes null, values sometimes null (tombstones on the
 * table topic), and timestamps that mostly move forward, sometimes back (out of order), and jump;
 * for some inputs, whole seconds only, which land on window bounds and grace limits.
 */
final class InputGenerator {
    static final InputTopic<String, String> STREAM = InputTopic.of(BuildContext.STREAM_TOPIC, STRINGS, STRINGS);
    static final InputTopic<String, String> TABLE = InputTopic.of(BuildContext.TABLE_TOPIC, STRINGS, STRINGS);
    private static final String[] KEYS = {"a", "b", "c"};
    private static final String[] VALUE_CHARS = {"a", "b", "x"};
    private static final int MAX_RECORDS = 20;

    private final Random random;
    private final Set<Avoided> avoided;

    InputGenerator(Random random, Set<Avoided> avoided) {
        this.random = random;
        this.avoided = avoided;
    }

    /** The input topics {@code pipeline} reads. */
    static List<InputTopic<?, ?>> topicsOf(RandomPipeline pipeline) {
        List<InputTopic<?, ?>> topics = new ArrayList<>();
        if (pipeline.readsStream()) {
            topics.add(STREAM);
        }
        if (pipeline.readsTable()) {
            topics.add(TABLE);
        }
        return topics;
    }

    List<InputRecord<String, String>> next(RandomPipeline pipeline) {
        int count = 1 + random.nextInt(MAX_RECORDS);
        // Sometimes whole seconds only, so that records fall on window starts, ends and grace limits.
        long granularity = random.nextInt(4) == 0 ? 1_000 : 1;
        List<InputRecord<String, String>> records = new ArrayList<>();
        java.util.Set<String> inTable = new java.util.HashSet<>();
        long time = random.nextInt(5_000);
        for (int i = 0; i < count; i++) {
            boolean toTable = !pipeline.readsStream() || pipeline.readsTable() && random.nextInt(3) == 0;
            String key = random.nextInt(10) == 0 ? null : KEYS[random.nextInt(KEYS.length)];
            boolean nullValue = random.nextInt(toTable ? 5 : 10) == 0 && !avoided.contains(Avoided.NULL_VALUES);
            if (toTable && nullValue && avoided.contains(Avoided.TOMBSTONES_FOR_ABSENT_KEYS) && !inTable.contains(key)) {
                nullValue = false;
            }
            String value = nullValue ? null : value();
            if (toTable && key != null) {
                if (value == null) {
                    inTable.remove(key);
                } else {
                    inTable.add(key);
                }
            }
            records.add((toTable ? TABLE : STREAM).record(key, value, time - time % granularity));
            time = nextTime(time);
        }
        return records;
    }

    private String value() {
        StringBuilder value = new StringBuilder();
        int length = random.nextInt(4);
        for (int i = 0; i < length; i++) {
            value.append(VALUE_CHARS[random.nextInt(VALUE_CHARS.length)]);
        }
        return value.toString();
    }

    private long nextTime(long time) {
        int move = random.nextInt(10);
        if (move == 0 && !avoided.contains(Avoided.OUT_OF_ORDER_TIMESTAMPS)) {
            return Math.max(0, time - 1_000 - random.nextInt(12_000));   // out of order
        }
        if (move == 1) {
            return time + 10_000 + random.nextInt(15_000);                // a jump that closes windows
        }
        return time + random.nextInt(4_000);                              // forward, sometimes the same time
    }
}
