package dev.eos.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The records every variant reads and the transformation every variant applies, in one place so
 * the three variants do the same work.
 *
 * <p>An input record has key {@code user-NNNNN} (one of 100,000 user ids) and a 100-character
 * value {@code user-NNNNN|sku-NNNNN|SEQUENCE|padding}. The transformation re-keys the record by
 * the sku field of its value and upper-cases the value:
 *
 * <pre>{@code
 * ("user-00042", "user-00042|sku-01234|0000000007|abcd...")
 *     -> ("sku-01234", "USER-00042|SKU-01234|0000000007|ABCD...")
 * }</pre>
 */
final class Workload {
    static final int PARTITIONS = 8;
    static final int USERS = 100_000;
    static final int SKUS = 20_000;
    static final int VALUE_LENGTH = 100;

    private static final char[] PADDING = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final SplittableRandom random;

    Workload(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The key of the next input record. Call {@link #valueFor} with it next. */
    String nextKey() {
        return "user-" + zeroPadded(random.nextInt(USERS), 5);
    }

    /** The value of the input record with {@code key} and sequence number {@code sequence}. */
    String valueFor(String key, long sequence) {
        StringBuilder value = new StringBuilder(VALUE_LENGTH);
        value.append(key).append("|sku-").append(zeroPadded(random.nextInt(SKUS), 5))
                .append('|').append(zeroPadded(sequence, 10)).append('|');
        while (value.length() < VALUE_LENGTH) {
            value.append(PADDING[random.nextInt(PADDING.length)]);
        }
        return value.toString();
    }

    /**
     * A value that carries its send time for the latency runs, still {@link #VALUE_LENGTH}
     * characters with the sku as its second field:
     * {@code user-NNNNN|sku-NNNNN|SEQUENCE|SENDNANOS|padding}, {@code SENDNANOS} being 19 digits
     * of nanoseconds since an origin of the caller's choosing. {@link #newValue} keeps the digits.
     */
    String timedValueFor(String key, long sequence, long sendNanos) {
        StringBuilder value = new StringBuilder(VALUE_LENGTH);
        value.append(key).append("|sku-").append(zeroPadded(random.nextInt(SKUS), 5))
                .append('|').append(zeroPadded(sequence, 10)).append('|').append(zeroPadded(sendNanos, 19))
                .append('|');
        while (value.length() < VALUE_LENGTH) {
            value.append(PADDING[random.nextInt(PADDING.length)]);
        }
        return value.toString();
    }

    /** The sequence number of a value made by {@link #timedValueFor}, as it reaches the output. */
    static long sequenceOf(byte[] value) {
        return numberField(value, 2);
    }

    /** The send time of a value made by {@link #timedValueFor}, as it reaches the output. */
    static long sendNanosOf(byte[] value) {
        return numberField(value, 3);
    }

    /** The digits of the {@code index}-th (from 0) {@code |}-separated field of an ASCII value. */
    private static long numberField(byte[] value, int index) {
        int i = 0;
        for (int seen = 0; seen < index; i++) {
            if (value[i] == '|') {
                seen++;
            }
        }
        long n = 0;
        for (; i < value.length && value[i] != '|'; i++) {
            n = n * 10 + (value[i] - '0');
        }
        return n;
    }

    /** The new key: the sku field, the second {@code |}-separated field of the value. */
    static String newKey(String value) {
        int start = value.indexOf('|') + 1;
        int end = value.indexOf('|', start);
        return value.substring(start, end < 0 ? value.length() : end);
    }

    /** The new value: the value upper-cased. */
    static String newValue(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    private static String zeroPadded(long n, int width) {
        String digits = Long.toString(n);
        if (digits.length() >= width) {
            return digits;
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
