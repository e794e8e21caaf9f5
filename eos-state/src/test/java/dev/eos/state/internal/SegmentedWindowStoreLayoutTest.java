package dev.eos.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rocksdb.Options;

/**
 * What the window store leaves in storage: whole segments are removed, and only by a commit.
 * Retention 100 ms in segments of 50 ms.
 */
class SegmentedWindowStoreLayoutTest {
    @TempDir
    Path dir;

    private Supplier<CommittedStorage> storages(String engine) {
        if (engine.equals("memory")) {
            InMemoryStorage shared = new InMemoryStorage();
            return () -> shared;
        }
        return () -> RocksDbStorage.open(dir, new Options().setCreateIfMissing(true)
                .setCreateMissingColumnFamilies(true), () -> { });
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The segment id of every stored key, in key order. */
    private static List<Long> storedSegments(CommittedStorage storage) {
        List<Long> segments = new ArrayList<>();
        try (CommittedStorage.StorageCursor cursor = storage.seek(null)) {
            for (; cursor.valid(); cursor.next()) {
                segments.add(ByteBuffer.wrap(cursor.key()).getLong());
            }
        }
        return segments;
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void shouldRemoveExpiredSegmentsFromStorageOnlyAtCommit(String engine) {
        CommittedStorage storage = storages(engine).get();
        SegmentedWindowStore store = new SegmentedWindowStore("w", storage, 100, 50);
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 60, b("2"));
        store.put(b("a"), 120, b("3"));
        store.commit(1);

        store.advanceTime(200);

        assertThat(storedSegments(storage)).containsExactly(0L, 1L, 2L);
        store.commit(2);
        assertThat(storedSegments(storage)).containsExactly(2L);
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "rocksdb"})
    void shouldKeepSegmentThatStillHoldsLiveWindows(String engine) {
        CommittedStorage storage = storages(engine).get();
        SegmentedWindowStore store = new SegmentedWindowStore("w", storage, 100, 50);
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 55, b("2"));
        store.put(b("a"), 99, b("3"));

        store.advanceTime(160);
        store.commit(1);

        assertThat(storedSegments(storage)).containsExactly(1L, 1L);
        assertThat(store.fetch(b("a"), 55)).isNull();
        assertThat(store.fetch(b("a"), 99)).isNotNull();
        store.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rocksdb"})
    void shouldDropEachSegmentOnceAsTimeAdvancesAcrossReopen(String engine) {
        Supplier<CommittedStorage> storages = storages(engine);
        SegmentedWindowStore store = new SegmentedWindowStore("w", storages.get(), 100, 50);
        for (long start = 0; start < 500; start += 25) {
            store.put(b("k"), start, b("v"));
        }
        store.advanceTime(260);
        store.commit(1);
        store.close();

        CommittedStorage storage = storages.get();
        store = new SegmentedWindowStore("w", storage, 100, 50);
        assertThat(storedSegments(storage)).startsWith(3L).doesNotContain(0L, 1L, 2L);
        store.advanceTime(480);
        store.commit(2);

        assertThat(storedSegments(storage)).containsOnly(7L, 8L, 9L);
        store.close();
    }
}
