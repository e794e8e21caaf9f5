package dev.eos.state;

import static dev.eos.state.StoreTestSupport.b;
import static dev.eos.state.StoreTestSupport.contents;
import static dev.eos.state.StoreTestSupport.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key-value contract, run against every engine by a subclass. */
abstract class KeyValueStoreContractTest {
    @TempDir
    Path dir;
    StoreEngine engine;
    KeyValueBytesStore store;

    abstract StoreEngine newEngine();

    @BeforeEach
    void open() {
        engine = newEngine();
        store = engine.openKeyValue(dir, "kv");
    }

    @AfterEach
    void close() {
        store.close();
        engine.close();
    }

    @Test
    void shouldSeeOwnPendingWritesBeforeCommit() {
        store.put(b("a"), b("1"));

        assertThat(s(store.get(b("a")))).isEqualTo("1");
        assertThat(store.committedOffset()).isEmpty();
    }

    @Test
    void shouldSeePendingOverwriteOfCommittedValue() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.put(b("a"), b("2"));

        assertThat(s(store.get(b("a")))).isEqualTo("2");
    }

    @Test
    void shouldHideCommittedKeyDeletedInPendingWrites() {
        store.put(b("a"), b("1"));
        store.commit(1);

        store.delete(b("a"));

        assertThat(store.get(b("a"))).isNull();
        assertThat(contents(store.all())).isEmpty();
    }

    @Test
    void shouldTreatPutOfNullAsDelete() {
        store.put(b("a"), b("1"));
        store.commit(1);

        store.put(b("a"), null);
        store.commit(2);

        assertThat(store.get(b("a"))).isNull();
    }

    @Test
    void shouldMergePendingWritesIntoRangeInUnsignedKeyOrder() {
        byte[] high = {(byte) 0x80};
        byte[] low = {0x01};
        store.put(high, b("h"));
        store.put(b("b"), b("committed-b"));
        store.put(b("d"), b("committed-d"));
        store.commit(1);
        store.put(low, b("l"));
        store.put(b("c"), b("pending-c"));
        store.put(b("d"), b("pending-d"));
        store.delete(b("b"));

        List<byte[]> keys = keysOf(store.all());

        assertThat(keys).containsExactly(low, b("c"), b("d"), high);
        assertThat(contents(store.range(b("b"), b("d")))).containsExactly("c=pending-c", "d=pending-d");
    }

    @Test
    void shouldIncludeBothBoundsOfRange() {
        for (String k : List.of("a", "b", "c", "d")) {
            store.put(b(k), b(k));
        }
        store.commit(1);
        store.put(b("bb"), b("bb"));

        assertThat(contents(store.range(b("b"), b("c")))).containsExactly("b=b", "bb=bb", "c=c");
    }

    @Test
    void shouldTreatNullRangeBoundsAsOpen() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.put(b("z"), b("2"));

        assertThat(contents(store.range(null, b("m")))).containsExactly("a=1");
        assertThat(contents(store.range(b("m"), null))).containsExactly("z=2");
        assertThat(contents(store.range(null, null))).containsExactly("a=1", "z=2");
    }

    @Test
    void shouldReturnNothingForRangeWithFromAfterTo() {
        store.put(b("a"), b("1"));
        store.put(b("b"), b("1"));

        assertThat(contents(store.range(b("b"), b("a")))).isEmpty();
    }

    @Test
    void shouldMergePendingWritesIntoPrefixScan() {
        store.put(b("ab1"), b("c"));
        store.put(b("ab3"), b("c"));
        store.put(b("ac"), b("c"));
        store.commit(1);
        store.put(b("ab2"), b("p"));
        store.put(b("ab"), b("p"));
        store.delete(b("ab3"));
        store.put(b("aa"), b("p"));

        assertThat(contents(store.prefixScan(b("ab")))).containsExactly("ab=p", "ab1=c", "ab2=p");
    }

    @Test
    void shouldPrefixScanKeysOfAllOnesPrefix() {
        byte[] prefix = {(byte) 0xFF, (byte) 0xFF};
        store.put(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}, b("x"));
        store.put(new byte[] {(byte) 0xFF, (byte) 0xFE}, b("y"));
        store.commit(1);
        store.put(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, b("z"));

        assertThat(keysOf(store.prefixScan(prefix))).containsExactly(
                new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}, new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
    }

    @Test
    void shouldAllowWritesWhileIterating() {
        store.put(b("a"), b("1"));
        store.put(b("b"), b("1"));
        store.commit(1);
        store.put(b("c"), b("1"));

        try (KeyValueIterator iterator = store.all()) {
            while (iterator.hasNext()) {
                KeyValueIterator.Entry entry = iterator.next();
                store.put(entry.key(), b("2"));
                store.delete(b("c"));
            }
        }

        assertThat(contents(store.all())).containsExactly("a=2", "b=2");
    }

    @Test
    void shouldKeepIteratingOverEntriesCommittedWhileIterating() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.put(b("b"), b("2"));
        store.put(b("c"), b("3"));
        List<String> seen = new java.util.ArrayList<>();

        try (KeyValueIterator iterator = store.all()) {
            KeyValueIterator.Entry first = iterator.next();
            seen.add(s(first.key()));
            store.commit(2);
            store.put(b("d"), b("4"));
            iterator.forEachRemaining(entry -> seen.add(s(entry.key())));
        }

        assertThat(seen).containsExactly("a", "b", "c", "d");
    }

    @Test
    void shouldDiscardPendingWritesOnRollback() {
        store.put(b("a"), b("1"));
        store.commit(7);
        store.put(b("a"), b("2"));
        store.put(b("b"), b("2"));
        store.delete(b("a"));

        store.rollback();

        assertThat(contents(store.all())).containsExactly("a=1");
        assertThat(store.pendingBytes()).isZero();
        assertThat(store.committedOffset()).hasValue(7);
    }

    @Test
    void shouldMakeWritesAndOffsetVisibleAsCommittedOnCommit() {
        store.put(b("a"), b("1"));
        store.commit(42);
        store.rollback();

        assertThat(s(store.get(b("a")))).isEqualTo("1");
        assertThat(store.committedOffset()).isEqualTo(OptionalLong.of(42));
        assertThat(store.pendingBytes()).isZero();
    }

    @Test
    void shouldReturnNullFromPutIfAbsentWhenItWrote() {
        assertThat(store.putIfAbsent(b("a"), b("1"))).isNull();
        assertThat(s(store.get(b("a")))).isEqualTo("1");
    }

    @Test
    void shouldReturnExistingValueFromPutIfAbsentWithoutOverwriting() {
        store.put(b("a"), b("1"));
        store.commit(1);

        assertThat(s(store.putIfAbsent(b("a"), b("2")))).isEqualTo("1");
        assertThat(s(store.get(b("a")))).isEqualTo("1");
    }

    @Test
    void shouldWriteWithPutIfAbsentAfterPendingDelete() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.delete(b("a"));

        assertThat(store.putIfAbsent(b("a"), b("2"))).isNull();
        assertThat(s(store.get(b("a")))).isEqualTo("2");
    }

    @Test
    void shouldReturnPreviousValueFromDelete() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.put(b("b"), b("2"));

        assertThat(s(store.delete(b("a")))).isEqualTo("1");
        assertThat(s(store.delete(b("b")))).isEqualTo("2");
        assertThat(store.delete(b("a"))).isNull();
        assertThat(store.delete(b("missing"))).isNull();
    }

    @Test
    void shouldCountPendingBytesAsKeysPlusValues() {
        store.put(b("ab"), b("123"));
        store.put(b("c"), b("4"));
        store.put(b("ab"), b("1"));
        store.delete(b("d"));
        store.put(b("e"), b("1"));
        store.delete(b("e"));

        assertThat(store.pendingBytes()).isEqualTo((2 + 1) + (1 + 1) + 1);
        store.commit(1);
        assertThat(store.pendingBytes()).isZero();
    }

    @Test
    void shouldCountPendingInsertsInApproximateNumEntries() {
        store.put(b("a"), b("1"));
        store.commit(1);
        store.put(b("b"), b("1"));
        store.put(b("c"), b("1"));

        assertThat(store.approximateNumEntries()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void shouldRestoreBatchAtomicallyWithNextOffset() {
        store.put(b("gone"), b("x"));
        store.commit(3);

        store.restore(List.of(
                new ChangelogEntry(b("a"), b("1")),
                new ChangelogEntry(b("b"), b("1")),
                new ChangelogEntry(b("a"), b("2")),
                new ChangelogEntry(b("gone"), null)), 10);

        assertThat(contents(store.all())).containsExactly("a=2", "b=1");
        assertThat(store.committedOffset()).hasValue(10);
        assertThat(store.pendingBytes()).isZero();
    }

    @Test
    void shouldRefuseToRestoreWhilePendingWritesAreOpen() {
        store.put(b("a"), b("1"));

        assertThatThrownBy(() -> store.restore(List.of(new ChangelogEntry(b("b"), b("1"))), 5))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kv")
                .hasMessageContaining("pending writes");
        assertThat(s(store.get(b("a")))).isEqualTo("1");
        assertThat(store.get(b("b"))).isNull();
    }

    @Test
    void shouldRemoveDataPendingWritesAndOffsetOnWipe() {
        store.put(b("a"), b("1"));
        store.put(new byte[] {(byte) 0xFF, (byte) 0xFF}, b("1"));
        store.commit(9);
        store.put(b("b"), b("2"));

        store.wipe();

        assertThat(contents(store.all())).isEmpty();
        assertThat(store.committedOffset()).isEmpty();
        assertThat(store.pendingBytes()).isZero();
        store.put(b("c"), b("3"));
        store.commit(1);
        assertThat(contents(store.all())).containsExactly("c=3");
    }

    @Test
    void shouldRejectNegativeCommitOffset() {
        assertThatThrownBy(() -> store.commit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCloseIteratorsLeftOpenWhenTheStoreCloses() {
        store.put(b("a"), b("1"));
        store.commit(1);
        KeyValueIterator leftOpen = store.all();

        store.close();

        assertThatThrownBy(leftOpen::hasNext).isInstanceOf(IllegalStateException.class);
        leftOpen.close();
    }

    @Test
    void shouldFailClearlyWhenUsedAfterClose() {
        store.close();

        assertThatThrownBy(() -> store.get(b("a")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kv is closed");
        store.close();
    }

    private static List<byte[]> keysOf(KeyValueIterator iterator) {
        List<byte[]> keys = new java.util.ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(entry -> keys.add(entry.key()));
        }
        return keys;
    }
}
