package dev.eos.state;

import static dev.eos.state.StoreTestSupport.b;
import static dev.eos.state.StoreTestSupport.s;
import static dev.eos.state.StoreTestSupport.windows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window contract, run against every engine by a subclass. Retention 100 ms in segments of
 * 50 ms: segment 0 is [0, 49], segment 1 is [50, 99], and so on.
 */
abstract class WindowStoreContractTest {
    static final long RETENTION = 100;
    static final long SEGMENT = 50;

    @TempDir
    Path dir;
    StoreEngine engine;
    WindowBytesStore store;

    abstract StoreEngine newEngine();

    @BeforeEach
    void open() {
        engine = newEngine();
        store = engine.openWindow(dir, "windows", RETENTION, SEGMENT);
    }

    @AfterEach
    void close() {
        store.close();
        engine.close();
    }

    static ChangelogEntry entry(String key, long start, String value) {
        return new ChangelogEntry(WindowKeys.encode(b(key), start), value == null ? null : b(value));
    }

    @Test
    void shouldFetchOwnPendingWindowBeforeCommit() {
        store.put(b("a"), 10, b("1"));

        assertThat(s(store.fetch(b("a"), 10))).isEqualTo("1");
        assertThat(store.fetch(b("a"), 11)).isNull();
        assertThat(store.fetch(b("b"), 10)).isNull();
    }

    @Test
    void shouldFetchWindowsOfOneKeyByAscendingStartAcrossSegments() {
        store.put(b("a"), 120, b("4"));
        store.put(b("a"), 10, b("2"));
        store.commit(1);
        store.put(b("a"), 60, b("3"));
        store.put(b("a"), 0, b("1"));
        store.put(b("b"), 30, b("x"));

        assertThat(windows(store.fetch(b("a"), 0, 200))).containsExactly("a@0=1", "a@10=2", "a@60=3", "a@120=4");
    }

    @Test
    void shouldIncludeBothTimeBoundsOfFetch() {
        for (long start : List.of(0L, 10L, 60L, 120L)) {
            store.put(b("a"), start, b("v"));
        }
        store.commit(1);

        assertThat(windows(store.fetch(b("a"), 10, 60))).containsExactly("a@10=v", "a@60=v");
        assertThat(windows(store.fetch(b("a"), 11, 59))).isEmpty();
        assertThat(windows(store.fetch(b("a"), 60, 10))).isEmpty();
    }

    @Test
    void shouldNotMixKeysThatArePrefixesOfEachOther() {
        store.put(b("a"), 10, b("short"));
        store.put(b("ab"), 10, b("long"));
        store.commit(1);
        store.put(b("a\u0000"), 20, b("zero"));

        assertThat(windows(store.fetch(b("a"), 0, 100))).containsExactly("a@10=short");
        assertThat(windows(store.fetch(b("ab"), 0, 100))).containsExactly("ab@10=long");
    }

    @Test
    void shouldHideCommittedWindowDeletedInPendingWrites() {
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 20, b("2"));
        store.commit(1);

        store.put(b("a"), 10, null);

        assertThat(store.fetch(b("a"), 10)).isNull();
        assertThat(windows(store.fetch(b("a"), 0, 100))).containsExactly("a@20=2");
    }

    @Test
    void shouldFetchAllWindowsInTimeRange() {
        store.put(b("a"), 5, b("1"));
        store.put(b("b"), 10, b("2"));
        store.commit(1);
        store.put(b("a"), 60, b("3"));
        store.put(b("c"), 61, b("4"));
        store.put(b("b"), 130, b("5"));

        assertThat(windows(store.fetchAll(10, 61))).containsExactlyInAnyOrder("b@10=2", "a@60=3", "c@61=4");
        assertThat(windows(store.fetchAll(0, Long.MAX_VALUE))).hasSize(5);
    }

    @Test
    void shouldFetchUpToTheLargestTimeQuickly() {
        store.put(b("a"), 10, b("1"));
        store.commit(1);
        store.put(b("a"), 1_000_000, b("2"));

        assertThat(windows(store.fetch(b("a"), 0, Long.MAX_VALUE))).containsExactly("a@10=1", "a@1000000=2");
    }

    @Test
    void shouldNotReturnWindowsStartingBeforeRetentionBound() {
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 64, b("2"));
        store.put(b("a"), 65, b("3"));
        store.put(b("a"), 120, b("4"));
        store.commit(1);

        store.advanceTime(165);

        assertThat(store.fetch(b("a"), 10)).isNull();
        assertThat(store.fetch(b("a"), 64)).isNull();
        assertThat(s(store.fetch(b("a"), 65))).isEqualTo("3");
        assertThat(windows(store.fetch(b("a"), 0, 200))).containsExactly("a@65=3", "a@120=4");
        assertThat(windows(store.fetchAll(0, 200))).containsExactly("a@65=3", "a@120=4");
    }

    @Test
    void shouldIgnorePutsOfExpiredWindows() {
        store.advanceTime(165);
        long before = store.pendingBytes();

        store.put(b("a"), 20, b("late"));

        assertThat(store.pendingBytes()).isEqualTo(before);
        assertThat(windows(store.fetchAll(0, 200))).isEmpty();
    }

    @Test
    void shouldNotMoveStreamTimeBackwards() {
        store.put(b("a"), 120, b("1"));
        store.advanceTime(200);
        store.advanceTime(100);

        assertThat(store.fetch(b("a"), 120)).isNotNull();
        store.put(b("a"), 90, b("late"));
        assertThat(store.fetch(b("a"), 90)).isNull();
    }

    @Test
    void shouldDropPendingWritesOfExpiredSegments() {
        store.put(b("a"), 10, b("1"));
        store.put(b("a"), 300, b("2"));

        store.advanceTime(300);
        store.commit(1);

        assertThat(windows(store.fetchAll(0, 400))).containsExactly("a@300=2");
    }

    @Test
    void shouldSeeExpiredWindowsAgainAfterRollbackOfTimeAdvance() {
        store.put(b("a"), 10, b("1"));
        store.commit(1);
        store.advanceTime(300);
        assertThat(store.fetch(b("a"), 10)).isNull();

        store.rollback();

        assertThat(s(store.fetch(b("a"), 10))).isEqualTo("1");
        assertThat(windows(store.fetch(b("a"), 0, 100))).containsExactly("a@10=1");
    }

    @Test
    void shouldKeepDroppedWindowsGoneAfterCommit() {
        store.put(b("a"), 10, b("1"));
        store.commit(1);
        store.advanceTime(300);
        store.commit(2);
        store.rollback();

        assertThat(store.fetch(b("a"), 10)).isNull();
        store.put(b("a"), 250, b("2"));
        assertThat(windows(store.fetchAll(0, 400))).containsExactly("a@250=2");
    }

    @Test
    void shouldRestoreChangelogEntriesIntoTheirSegments() {
        store.restore(List.of(
                entry("a", 10, "1"),
                entry("a", 60, "2"),
                entry("b", 100, "3"),
                entry("b", 0, "4"),
                entry("b", 0, null)), 7);

        assertThat(windows(store.fetch(b("a"), 0, 200))).containsExactly("a@10=1", "a@60=2");
        assertThat(windows(store.fetchAll(0, 200))).containsExactlyInAnyOrder("a@10=1", "a@60=2", "b@100=3");
        assertThat(store.committedOffset()).hasValue(7);
        assertThat(store.pendingBytes()).isZero();
    }

    @Test
    void shouldSkipExpiredEntriesWhenRestoring() {
        store.restore(List.of(entry("a", 10, "old"), entry("b", 300, "new")), 2);

        assertThat(windows(store.fetchAll(0, 400))).containsExactly("b@300=new");
        store.put(b("a"), 150, b("late"));
        assertThat(store.fetch(b("a"), 150)).isNull();
    }

    @Test
    void shouldRefuseToRestoreWhilePendingWritesAreOpen() {
        store.put(b("a"), 10, b("1"));

        assertThatThrownBy(() -> store.restore(List.of(entry("b", 10, "1")), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("windows");
    }

    @Test
    void shouldRemoveWindowsStreamTimeAndOffsetOnWipe() {
        store.put(b("a"), 120, b("1"));
        store.advanceTime(300);
        store.commit(5);

        store.wipe();

        assertThat(store.committedOffset()).isEmpty();
        assertThat(windows(store.fetchAll(0, 400))).isEmpty();
        store.put(b("a"), 0, b("again"));
        assertThat(s(store.fetch(b("a"), 0))).isEqualTo("again");
    }

    @Test
    void shouldCountPendingBytesOfWindowsUntilCommit() {
        store.put(b("a"), 10, b("123"));

        assertThat(store.pendingBytes()).isGreaterThanOrEqualTo(1 + 8 + 3);
        store.commit(1);
        assertThat(store.pendingBytes()).isZero();
    }

    @Test
    void shouldRejectNegativeTimes() {
        assertThatThrownBy(() -> store.put(b("a"), -1, b("1"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.advanceTime(-5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRejectInvalidSegmentInterval() {
        assertThatThrownBy(() -> engine.openWindow(dir, "bad", 100, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("segmentIntervalMs=0");
    }

    @Test
    void shouldCloseWindowIteratorsLeftOpenWhenTheStoreCloses() {
        store.put(b("a"), 10, b("1"));
        store.commit(1);
        KeyValueIterator leftOpen = store.fetch(b("a"), 0, 100);
        leftOpen.hasNext();

        store.close();

        assertThatThrownBy(leftOpen::next).isInstanceOf(IllegalStateException.class);
        leftOpen.close();
    }
}
