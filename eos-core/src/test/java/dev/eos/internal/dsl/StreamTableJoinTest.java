package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.processor.Record;
import dev.eos.store.Stores;
import java.nio.file.Path;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table side is changed through a {@link TableSource} on the same store, as in a running task. */
class StreamTableJoinTest {
    @TempDir
    Path dir;

    private FakeContext<String, String> ctx;
    private TableSource<String, String> table;

    @BeforeEach
    void setUp() {
        ctx = new FakeContext<>(dir);
        ctx.addKeyValueStore(Stores.keyValue("customers", Serdes.String(),
                new ValueAndTimestampSerde<>(Serdes.String())));
        table = new TableSource<>("TABLE-SOURCE", "customers");
        table.init(ctx.sibling()); // the table's updates do not reach the join

    }

    private StreamTableJoin<String, String, String, String> join(TableLookup<String, String> lookup, boolean left) {
        StreamTableJoin<String, String, String, String> join = new StreamTableJoin<>("JOIN", lookup,
                (order, customer) -> order + "/" + customer, left);
        join.init(ctx);
        return join;
    }

    @Test
    void shouldJoinWithTheTableValueAtTheTimeOfTheStreamRecord() {
        StreamTableJoin<String, String, String, String> join = join(TableLookup.of("customers"), false);
        ctx.process(table, new Record<>("c1", "ann", 1));
        ctx.process(join, new Record<>("c1", "order1", 2));
        ctx.process(table, new Record<>("c1", "anna", 3));   // emits nothing from the join
        ctx.process(join, new Record<>("c1", "order2", 4));
        assertThat(ctx.forwarded()).containsExactly(
                new Record<>("c1", "order1/ann", 2), new Record<>("c1", "order2/anna", 4));
    }

    @Test
    void shouldDropInInnerJoinWhenTheTableHasNoValueYetOrAnyMore() {
        StreamTableJoin<String, String, String, String> join = join(TableLookup.of("customers"), false);
        ctx.process(join, new Record<>("c1", "before", 1));
        ctx.process(table, new Record<>("c1", "ann", 2));
        ctx.process(table, new Record<>("c1", null, 3));
        ctx.process(join, new Record<>("c1", "after-delete", 4));
        ctx.process(join, new Record<>(null, "no-key", 5));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void shouldPassNullToTheJoinerInLeftJoinWhenTheTableHasNoValue() {
        StreamTableJoin<String, String, String, String> join = join(TableLookup.of("customers"), true);
        ctx.process(join, new Record<>("c1", "before", 1));
        ctx.process(table, new Record<>("c1", "ann", 2));
        ctx.process(join, new Record<>("c1", "after", 3));
        ctx.process(join, new Record<>(null, "no-key", 4));
        assertThat(ctx.forwarded()).containsExactly(new Record<>("c1", "before/null", 1),
                new Record<>("c1", "after/ann", 3), new Record<>(null, "no-key/null", 4));
    }

    @Test
    void leftJoin_shouldDropARecordWithANullValueWithoutCallingTheJoiner() {
        StreamTableJoin<String, String, String, String> join = join(TableLookup.of("customers"), true);
        ctx.process(table, new Record<>("c1", "ann", 1));
        ctx.process(join, new Record<>("c1", null, 2));
        ctx.process(join, new Record<>(null, null, 3));
        ctx.process(join, new Record<>("c2", null, 4));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void join_shouldDropARecordWithANullValueWithoutCallingTheJoiner() {
        StreamTableJoin<String, String, String, String> join = join(TableLookup.of("customers"), false);
        ctx.process(table, new Record<>("c1", "ann", 1));
        ctx.process(join, new Record<>("c1", null, 2));
        assertThat(ctx.forwarded()).isEmpty();
    }

    @Test
    void shouldApplyFilterAndMapValuesViewsOfTheTableOnLookup() {
        TableLookup<String, String> activeUpper = TableLookup.<String, String>of("customers")
                .then((k, v) -> v.startsWith("-") ? null : v)
                .then((k, v) -> v.toUpperCase());
        StreamTableJoin<String, String, String, String> join = join(activeUpper, true);
        ctx.process(table, new Record<>("c1", "ann", 1));
        ctx.process(table, new Record<>("c2", "-bob", 2));
        ctx.process(join, new Record<>("c1", "o1", 3));
        ctx.process(join, new Record<>("c2", "o2", 4));
        assertThat(ctx.forwarded()).extracting(Record::value).containsExactly("o1/ANN", "o2/null");
    }
}
