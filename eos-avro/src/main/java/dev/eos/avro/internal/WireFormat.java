package dev.eos.avro.internal;

/** The Confluent wire format: magic byte 0, the schema id as 4 bytes big-endian, then Avro binary. */
final class WireFormat {
    static final byte MAGIC = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    static int readId(byte[] data) {
        return ((data[1] & 0xff) << 24) | ((data[2] & 0xff) << 16) | ((data[3] & 0xff) << 8) | (data[4] & 0xff);
    }
}
