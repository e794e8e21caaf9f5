package dev.eos.state.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.RocksDbSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksDbEngineTest {
    @TempDir
    Path dir;

    @Test
    void shouldChargeMemtablesOfEveryStoreToTheOneSharedCache() {
        try (RocksDbEngine engine = new RocksDbEngine(RocksDbSettings.defaults()
                .withBlockCacheBytes(16L << 20).withWriteBufferBytes(8L << 20))) {
            long empty = engine.blockCacheUsage();
            try (KeyValueBytesStore first = engine.openKeyValue(dir, "first");
                 KeyValueBytesStore second = engine.openKeyValue(dir, "second")) {
                fill(first);
                long oneStore = engine.blockCacheUsage();
                fill(second);

                assertThat(oneStore).isGreaterThan(empty);
                assertThat(engine.blockCacheUsage()).isGreaterThan(oneStore);
            }
        }
    }

    private static void fill(KeyValueBytesStore store) {
        byte[] value = new byte[1024];
        for (int i = 0; i < 2_000; i++) {
            store.put(("key-" + i).getBytes(java.nio.charset.StandardCharsets.UTF_8), value);
        }
        store.commit(1);
    }
}
