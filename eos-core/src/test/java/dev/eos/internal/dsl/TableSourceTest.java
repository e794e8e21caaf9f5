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

    private FakeContext<String, String> ctx;
    private TableSource<String, String> source;
    private KeyValueStore<String, String> store;

    @BeforeEach
    void setUp() {
        ctx = new FakeContext<>(dir);
        store = ctx.addKeyValueStore(Stores.keyValue("table", Serdes.String(), Serdes.String()));
        source = new TableSource<>("TABLE-SOURCE", "table");
        source.init(ctx);
    }

    @Test
    void shouldKeepTheLatestValuePerKeyAndEmitEveryChange() {
        ctx.process(source, new Record<>("a", "1", 1));
        ctx.process(source, new Record<>("b", "2", 2));
        ctx.process(source, new Record<>("a", "3", 3));
        assertThat(store.get("a")).isEqualTo("3");
        assertThat(store.get("b")).isEqualTo("2");
        assertThat(ctx.forwarded()).containsExactly(
                new Record<>("a", "1", 1), new Record<>("b", "2", 2), new Record<>("a", "3", 3));
    }

    @Test
    void shouldDeleteTheKeyAndEmitTheTombstone() {
        ctx.process(source, new Record<>("a", "1", 1));
        ctx.process(source, new Record<>("a", null, 2));
        assertThat(store.get("a")).isNull();
        assertThat(ctx.forwarded()).containsExactly(new Record<>("a", "1", 1), new Record<>("a", null, 2));
    }

    @Test
    void shouldNotEmitATombstoneForAKeyItDoesNotHave() {
        ctx.process(source, new Record<>("never-seen", null, 1));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void shouldDropRecordsWithANullKey() {
        ctx.process(source, new Record<>(null, "1", 1));
        assertThat(ctx.forwarded()).isEmpty();
        assertThat(store.approximateNumEntries()).isZero();
    }
}
