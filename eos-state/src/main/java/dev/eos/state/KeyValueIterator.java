package dev.eos.state;

import java.util.Iterator;

/** An iterator over store entries that holds native resources until closed. */
public interface KeyValueIterator extends Iterator<KeyValueIterator.Entry>, AutoCloseable {

    /** One key and its value. */
    record Entry(byte[] key, byte[] value) {
    }

    @Override
    void close();
}
