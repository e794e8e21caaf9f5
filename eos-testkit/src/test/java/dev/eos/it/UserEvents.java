package dev.eos.it;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Test input: events of a fixed set of users, each value carrying the per-user sequence number,
 * so outputs can be matched to inputs and per-key order checked. Deterministic for a seed.
 *
 * <p>Key {@code user-07}, value {@code user-07:42} (the 43rd event of user 7).
 */
final class UserEvents {

    /** One input event. */
    record Event(String user, int seq) {
        String value() {
            return user + ":" + seq;
        }
    }

    private UserEvents() {
    }

    static List<Event> generate(int count, int users, long seed) {
        Random random = new Random(seed);
        Map<String, Integer> nextSeq = new HashMap<>();
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String user = user(random.nextInt(users));
            int seq = nextSeq.merge(user, 1, Integer::sum) - 1;
            events.add(new Event(user, seq));
        }
        return events;
    }

    static String user(int number) {
        return String.format("user-%02d", number);
    }

    /** The user number of a key or value like {@code user-07} or {@code user-07:42}. */
    static int userNumber(String keyOrValue) {
        return Integer.parseInt(keyOrValue.substring(5, 7));
    }

    /** The sequence number of a value that starts like {@code user-07:42}. */
    static int seq(String value) {
        int start = value.indexOf(':') + 1;
        int end = start;
        while (end < value.length() && Character.isDigit(value.charAt(end))) {
            end++;
        }
        return Integer.parseInt(value.substring(start, end));
    }
}
