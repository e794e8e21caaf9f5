package dev.eos.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.state.ChangelogEntry;
import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.RocksDbSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of committed values in front of RocksDB never shows what is not committed. */
class CommittedValueCacheTest {
    @TempDir
    Path dir;

    @Test
    void get_afterRollback_servesTheCommittedValueNotTheRolledBackOne() {
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults());
             KeyValueBytesStore store = engine.openKeyValue(dir, "store")) {
            store.put(bytes("k"), bytes("committed"));
            store.commit(1);
            assertThat(store.get(bytes("k"))).isEqualTo(bytes("committed")); // now cached

            store.put(bytes("k"), bytes("aborted"));
            store.put(bytes("new"), bytes("aborted"));
            assertThat(store.get(bytes("k"))).isEqualTo(bytes("aborted")); // own pending write
            store.rollback();

            assertThat(store.get(bytes("k"))).isEqualTo(bytes("committed"));
            assertThat(store.get(bytes("new"))).isNull();
        }
    }

    @Test
    void get_afterCommittedDelete_isNullEvenThoughTheValueWasCached() {
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults());
             KeyValueBytesStore store = engine.openKeyValue(dir, "store")) {
            store.put(bytes("k"), bytes("v1"));
            store.commit(1);
            assertThat(store.get(bytes("k"))).isEqualTo(bytes("v1"));

            store.delete(bytes("k"));
            store.commit(2);

            assertThat(store.get(bytes("k"))).isNull();
        }
    }

    @Test
    void get_ofAKeyCachedAsAbsent_seesItOnceCommitted() {
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults());
             KeyValueBytesStore store = engine.openKeyValue(dir, "store")) {
            assertThat(store.get(bytes("k"))).isNull(); // cached as absent
            store.put(bytes("k"), bytes("v"));
            store.commit(1);

            assertThat(store.get(bytes("k"))).isEqualTo(bytes("v"));
        }
    }

    @Test
    void get_afterRestore_seesTheRestoredValueNotTheCachedOne() {
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults());
             KeyValueBytesStore store = engine.openKeyValue(dir, "store")) {
            store.put(bytes("k"), bytes("old"));
            store.commit(1);
            assertThat(store.get(bytes("k"))).isEqualTo(bytes("old"));

            store.restore(List.of(new ChangelogEntry(bytes("k"), bytes("restored"))), 2);

            assertThat(store.get(bytes("k"))).isEqualTo(bytes("restored"));
        }
    }

    @Test
    void get_withABudgetFarSmallerThanTheData_staysCorrectAndWithinBudget() {
        long budgetMemory = 1L << 20; // a quarter of it, 256 KiB, for cached values
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults().withBlockCacheBytes(budgetMemory));
             KeyValueBytesStore store = engine.openKeyValue(dir, "store")) {
            for (int i = 0; i < 20_000; i++) {
                store.put(bytes("key-" + i), bytes("value-" + i));
            }
            store.commit(1);
            for (int i = 0; i < 20_000; i++) {
                assertThat(store.get(bytes("key-" + i))).isEqualTo(bytes("value-" + i));
            }
            assertThat(engine.valueCacheBytes()).isBetween(1L, budgetMemory / RocksDbEngine.VALUE_CACHE_SHARE);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
