package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Record;
import dev.eos.store.KeyValueStore;
import dev.eos.store.Stores;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableSourceTest {
    @TempDir
    Path dir;

    private FakeContext<String, Change<String>> ctx;
    private TableSource<String, String> source;
    private KeyValueStore<String, ValueAndTimestamp<String>> store;

    @BeforeEach
    void setUp() {
        ctx = new FakeContext<>(dir);
        store = ctx.addKeyValueStore(Stores.keyValue("table", Serdes.String(),
                new ValueAndTimestampSerde<>(Serdes.String())));
        source = new TableSource<>("TABLE-SOURCE", "table");
        source.init(ctx);
    }

    private static Record<String, Change<String>> update(String key, String newValue, String oldValue, long ts) {
        return new Record<>(key, new Change<>(newValue, oldValue), ts);
    }

    @Test
    void tableSource_shouldKeepTheLatestValuePerKeyAndEmitEveryChangeWithTheOldValue() {
        ctx.process(source, new Record<>("a", "1", 1));
        ctx.process(source, new Record<>("b", "2", 2));
        ctx.process(source, new Record<>("a", "3", 3));
        assertThat(store.get("a")).isEqualTo(new ValueAndTimestamp<>("3", 3));
        assertThat(store.get("b")).isEqualTo(new ValueAndTimestamp<>("2", 2));
        assertThat(ctx.forwarded()).containsExactly(
                update("a", "1", null, 1), update("b", "2", null, 2), update("a", "3", "1", 3));
    }

    @Test
    void tableSource_shouldStoreAndForwardEachRecordsOwnTimestampEvenOutOfOrder() {
        ctx.process(source, new Record<>("a", "new", 2000));
        ctx.process(source, new Record<>("a", "older", 1000));
        assertThat(store.get("a")).isEqualTo(new ValueAndTimestamp<>("older", 1000));
        assertThat(ctx.forwarded()).containsExactly(update("a", "new", null, 2000), update("a", "older", "new", 1000));
    }

    @Test
    void tableSource_shouldDeleteTheKeyAndEmitTheTombstone() {
        ctx.process(source, new Record<>("a", "1", 1));
        ctx.process(source, new Record<>("a", null, 2));
        assertThat(store.get("a")).isNull();
        assertThat(ctx.forwarded()).containsExactly(update("a", "1", null, 1), update("a", null, "1", 2));
    }

    @Test
    void tableSource_shouldEmitATombstoneForAKeyItDoesNotHave() {
        ctx.process(source, new Record<>("never-seen", null, 1));
        assertThat(ctx.forwarded()).containsExactly(update("never-seen", null, null, 1));
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void tableSource_shouldDropRecordsWithANullKey() {
        ctx.process(source, new Record<>(null, "1", 1));
        ctx.process(source, new Record<>(null, null, 2));
        assertThat(ctx.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
