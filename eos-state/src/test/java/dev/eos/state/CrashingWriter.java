package dev.eos.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Run in a child JVM: commits "committed" at offset 5, leaves "pending" uncommitted, then halts the
 * process without closing anything, like a kill -9.
 */
public final class CrashingWriter {
    private CrashingWriter() {
    }

    public static void main(String[] args) {
        StoreEngine engine = StoreEngine.rocksDb(RocksDbSettings.defaults());
        KeyValueBytesStore store = engine.openKeyValue(Path.of(args[0]), "kv");
        store.put(bytes("committed"), bytes("yes"));
        store.commit(5);
        store.put(bytes("pending"), bytes("no"));
        store.put(bytes("committed"), bytes("overwritten"));
        Runtime.getRuntime().halt(0);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
