package dev.eos.state;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The byte format of a window entry's key: {@code [4-byte key length][key][8-byte window start]},
 * big-endian. The length prefix makes a range scan over one key exact, whatever the key's bytes.
 */
public final class WindowKeys {
    private WindowKeys() {
    }

    public static byte[] encode(byte[] key, long windowStart) {
        return ByteBuffer.allocate(4 + key.length + 8).putInt(key.length).put(key).putLong(windowStart).array();
    }

    /** The record key inside an encoded window key. */
    public static byte[] key(byte[] encoded) {
        int length = ByteBuffer.wrap(encoded).getInt();
        return Arrays.copyOfRange(encoded, 4, 4 + length);
    }

    /** The window start inside an encoded window key. */
    public static long windowStart(byte[] encoded) {
        return ByteBuffer.wrap(encoded).getLong(encoded.length - 8);
    }
}
