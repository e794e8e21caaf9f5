package dev.eos.state.internal;

import java.util.Arrays;
import java.util.Comparator;

/** The key order of every store (unsigned lexicographic bytes) and the bounds built on it. */
final class KeyOrder {
    static final Comparator<byte[]> UNSIGNED = Arrays::compareUnsigned;

    private KeyOrder() {
    }

    static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** The smallest key greater than {@code key}: the key followed by one zero byte. */
    static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** The smallest key greater than every key starting with {@code prefix}, or null if none exists. */
    static byte[] prefixEnd(byte[] prefix) {
        for (int i = prefix.length - 1; i >= 0; i--) {
            if (prefix[i] != (byte) 0xFF) {
                byte[] end = Arrays.copyOf(prefix, i + 1);
                end[i]++;
                return end;
            }
        }
        return null;
    }

    /** True if {@code key} is below the exclusive upper bound {@code toExclusive} (null: unbounded). */
    static boolean below(byte[] key, byte[] toExclusive) {
        return toExclusive == null || compare(key, toExclusive) < 0;
    }
}
