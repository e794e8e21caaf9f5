package dev.eos.state;

import static dev.eos.state.StoreTestSupport.b;
import static dev.eos.state.StoreTestSupport.s;
import static dev.eos.state.StoreTestSupport.windows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RocksDbWindowStoreTest extends WindowStoreContractTest {

    @Override
    StoreEngine newEngine() {
        return StoreEngine.rocksDb(RocksDbSettings.defaults().withBlockCacheBytes(8L << 20)
                .withWriteBufferBytes(4L << 20));
    }

    private void reopen() {
        store.close();
        store = engine.openWindow(dir, "windows", RETENTION, SEGMENT);
    }

    @Test
    void shouldKeepWindowsAndOffsetAcrossReopen() {
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 60, b("2"));
        store.commit(3);

        reopen();

        assertThat(windows(store.fetch(b("a"), 0, 100))).containsExactly("a@10=1", "a@60=2");
        assertThat(store.committedOffset()).hasValue(3);
    }

    @Test
    void shouldKeepRetentionBoundAcrossReopen() {
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 64, b("2"));
        store.put(b("a"), 120, b("3"));
        store.advanceTime(165);
        store.commit(4);

        reopen();

        assertThat(windows(store.fetchAll(0, 400))).containsExactly("a@120=3");
        store.put(b("a"), 20, b("late"));
        assertThat(store.fetch(b("a"), 20)).isNull();
    }

    @Test
    void shouldKeepExpiredSegmentWhenTimeAdvanceWasNotCommittedBeforeClose() {
        store.put(b("a"), 10, b("1"));
        store.commit(1);
        store.advanceTime(300);
        store.put(b("a"), 300, b("2"));

        reopen();

        assertThat(windows(store.fetchAll(0, 400))).containsExactly("a@10=1");
        assertThat(store.committedOffset()).hasValue(1);
    }

    @Test
    void shouldKeepRestoredWindowsAcrossReopen() {
        store.restore(List.of(entry("a", 10, "1"), entry("b", 60, "2")), 9);

        reopen();

        assertThat(windows(store.fetchAll(0, 100))).containsExactlyInAnyOrder("a@10=1", "b@60=2");
        assertThat(s(store.fetch(b("b"), 60))).isEqualTo("2");
        assertThat(store.committedOffset()).hasValue(9);
    }

    @Test
    void shouldRefuseToOpenAWindowDirectoryAnotherStoreHolds() {
        assertThatThrownBy(() -> engine.openWindow(dir, "windows", RETENTION, SEGMENT))
                .isInstanceOf(StoreLockedException.class)
                .hasMessageContaining(dir.resolve("windows").toString());
    }

    @Test
    void shouldOpenAndCloseManyTimesKeepingTheLastCommit() {
        for (int i = 0; i < 50; i++) {
            store.put(b("k" + i), i * 10L, b("v"));
            store.advanceTime(i * 10L);
            store.commit(i);
            store.fetchAll(0, Long.MAX_VALUE).hasNext();
            reopen();
        }

        assertThat(store.committedOffset()).hasValue(49);
        assertThat(windows(store.fetchAll(0, Long.MAX_VALUE))).hasSize(11);
    }
}
