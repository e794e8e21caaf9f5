package dev.eos.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for store tests: UTF-8 keys and iterator contents as "key=value" strings. */
final class StoreTestSupport {
    private StoreTestSupport() {
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /** Drains and closes the iterator: each entry as "key=value". */
    static List<String> contents(KeyValueIterator iterator) {
        List<String> result = new ArrayList<>();
        try (iterator) {
            while (iterator.hasNext()) {
                KeyValueIterator.Entry entry = iterator.next();
                result.add(s(entry.key()) + "=" + s(entry.value()));
            }
        }
        return result;
    }

    /** Drains and closes a window iterator: each entry as "key@start=value". */
    static List<String> windows(KeyValueIterator iterator) {
        List<String> result = new ArrayList<>();
        try (iterator) {
            while (iterator.hasNext()) {
                KeyValueIterator.Entry entry = iterator.next();
                result.add(s(WindowKeys.key(entry.key())) + "@" + WindowKeys.windowStart(entry.key())
                        + "=" + s(entry.value()));
            }
        }
        return result;
    }
}
