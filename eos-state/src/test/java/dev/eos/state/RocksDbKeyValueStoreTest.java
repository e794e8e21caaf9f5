package dev.eos.state;

import static dev.eos.state.StoreTestSupport.b;
import static dev.eos.state.StoreTestSupport.contents;
import static dev.eos.state.StoreTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RocksDbKeyValueStoreTest extends KeyValueStoreContractTest {

    @Override
    StoreEngine newEngine() {
        return StoreEngine.rocksDb(RocksDbSettings.defaults().withBlockCacheBytes(8L << 20)
                .withWriteBufferBytes(4L << 20));
    }

    private KeyValueBytesStore reopen() {
        store.close();
        store = engine.openKeyValue(dir, "kv");
        return store;
    }

    @Test
    void shouldKeepCommittedWritesAndOffsetAcrossReopen() {
        store.put(b("a"), b("1"));
        store.put(b("b"), b("2"));
        store.commit(11);
        store.delete(b("b"));
        store.commit(12);

        reopen();

        assertThat(contents(store.all())).containsExactly("a=1");
        assertThat(store.committedOffset()).hasValue(12);
        assertThat(engine.persistent()).isTrue();
    }

    @Test
    void shouldReopenAtLastCommitWhenClosedWithPendingWrites() {
        store.put(b("a"), b("1"));
        store.commit(3);
        store.put(b("a"), b("2"));
        store.put(b("b"), b("2"));

        reopen();

        assertThat(contents(store.all())).containsExactly("a=1");
        assertThat(store.committedOffset()).hasValue(3);
    }

    @Test
    void shouldHoldOnlyLastCommitAfterTheProcessIsKilled() throws Exception {
        store.close();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashingWriter.class.getName(), dir.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(new String(child.getInputStream().readAllBytes())).isZero();

        store = engine.openKeyValue(dir, "kv");

        assertThat(contents(store.all())).containsExactly("committed=yes");
        assertThat(store.committedOffset()).hasValue(5);
    }

    @Test
    void shouldKeepRestoredBatchAndOffsetAcrossReopen() {
        store.restore(List.of(new ChangelogEntry(b("a"), b("1")), new ChangelogEntry(b("b"), null)), 100);

        reopen();

        assertThat(contents(store.all())).containsExactly("a=1");
        assertThat(store.committedOffset()).hasValue(100);
    }

    @Test
    void shouldKeepWipeAcrossReopen() {
        store.put(b("a"), b("1"));
        store.commit(4);
        store.wipe();

        reopen();

        assertThat(contents(store.all())).isEmpty();
        assertThat(store.committedOffset()).isEmpty();
    }

    @Test
    void shouldRefuseToOpenADirectoryAnotherStoreHoldsNamingIt() {
        Path locked = dir.resolve("kv");

        assertThatThrownBy(() -> engine.openKeyValue(dir, "kv"))
                .isInstanceOf(StoreLockedException.class)
                .hasMessageContaining(locked.toString())
                .satisfies(e -> assertThat(((StoreLockedException) e).directory()).isEqualTo(locked));

        store.close();
        store = engine.openKeyValue(dir, "kv");
        assertThat(store.committedOffset()).isEmpty();
    }

    @Test
    void shouldCallOptionsHookWithStoreNameBeforeOpening() {
        List<String> configured = new ArrayList<>();
        try (StoreEngine hooked = StoreEngine.rocksDb(RocksDbSettings.defaults()
                .withOptionsHook((name, options) -> {
                    configured.add(name);
                    options.setMaxWriteBufferNumber(4);
                }));
             KeyValueBytesStore other = hooked.openKeyValue(dir, "other")) {
            other.put(b("a"), b("1"));
            other.commit(1);
        }

        assertThat(configured).containsExactly("other");
    }

    @Test
    void shouldNotLeakFileDescriptorsOverOpenCloseCycles() throws IOException {
        for (int i = 0; i < 20; i++) {
            openUseAndClose(i);
        }
        store.close();
        long before = openFileDescriptors();

        for (int i = 20; i < 220; i++) {
            openUseAndClose(i);
        }
        store.close();

        assertThat(openFileDescriptors()).isLessThanOrEqualTo(before + 2);
        store = engine.openKeyValue(dir, "kv");
        assertThat(store.committedOffset()).hasValue(219);
        assertThat(contents(store.prefixScan(b("key-")))).hasSize(220);
        assertThat(contents(store.prefixScan(b("pending-")))).isEmpty();
    }

    private void openUseAndClose(int cycle) {
        store.close();
        if (cycle % 50 == 0) {
            engine.close();
            engine = newEngine();
        }
        store = engine.openKeyValue(dir, "kv");
        store.put(b("key-" + cycle), b("value"));
        store.commit(cycle);
        store.put(b("pending-" + cycle), b("value"));
        KeyValueIterator leftOpen = store.all();
        leftOpen.hasNext();
        assertThat(s(store.get(b("key-" + cycle)))).isEqualTo("value");
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
