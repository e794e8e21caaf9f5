package dev.eos.state;

import static dev.eos.state.StoreTestSupport.b;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InMemoryKeyValueStoreTest extends KeyValueStoreContractTest {

    @Override
    StoreEngine newEngine() {
        return StoreEngine.inMemory();
    }

    @Test
    void shouldCountEntriesExactlyIncludingPendingInsertsAndDeletes() {
        store.put(b("a"), b("1"));
        store.put(b("b"), b("1"));
        store.commit(1);
        store.put(b("a"), b("2"));
        store.delete(b("b"));
        store.put(b("c"), b("1"));
        store.put(b("d"), b("1"));

        assertThat(store.approximateNumEntries()).isEqualTo(3);
    }

    @Test
    void shouldOpenEmptyAndUncommittedEveryTime() {
        store.put(b("a"), b("1"));
        store.commit(5);

        try (KeyValueBytesStore reopened = engine.openKeyValue(dir, "kv")) {
            assertThat(reopened.get(b("a"))).isNull();
            assertThat(reopened.committedOffset()).isEmpty();
        }
        assertThat(engine.persistent()).isFalse();
    }
}
