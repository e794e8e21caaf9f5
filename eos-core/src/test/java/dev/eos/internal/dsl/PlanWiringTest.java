package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.dsl.TimeWindows;
import dev.eos.dsl.WindowedSerde;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.processor.Record;
import dev.eos.store.StoreSpec;
import dev.eos.store.Windowed;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built plans declare the DSL's stores, their nodes list them, and the plan runs as wired. */
class PlanWiringTest {
    private static final Serde<String> S = Serdes.String();

    @TempDir
    Path dir;

    private static ProcessorNode node(LogicalPlan plan, String prefix) {
        return plan.nodes().stream().filter(n -> n.name().startsWith(prefix)).map(ProcessorNode.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void shouldDeclareTheCountStoreAndConnectItToTheCountNode() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("words", Consumed.with(S, S)).groupByKey(Grouped.with(S, S))
                .count(Materialized.as("word-counts")).toStream()
                .to("counts", Produced.with(S, Serdes.Long()));
        LogicalPlan plan = (LogicalPlan) b.build();
        assertThat(plan.stores()).containsOnlyKeys("word-counts");
        StoreSpec<?, ?> spec = plan.stores().get("word-counts");
        assertThat(spec.kind()).isEqualTo(StoreSpec.Kind.KEY_VALUE);
        assertThat(spec.valueSerde()).as("values stored with their timestamp")
                .isInstanceOf(ValueAndTimestampSerde.class);
        @SuppressWarnings("unchecked")
        Serde<Object> values = (Serde<Object>) spec.valueSerde();
        byte[] stored = values.serializer().serialize("t", new ValueAndTimestamp<>(3L, 9L));
        assertThat(stored).as("8-byte timestamp, then the count as Serdes.Long() writes it")
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 3);
        assertThat(node(plan, "COUNT").storeNames()).containsExactly("word-counts");
        assertThat(plan.describe()).contains("stores [word-counts]").contains("KEY_VALUE store word-counts");
    }

    @Test
    void shouldRunAWordCountThroughThePlan() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("words", Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).count().toStream()
                .to("counts", Produced.with(S, Serdes.Long()));
        LogicalPlan plan = (LogicalPlan) b.build();
        String store = node(plan, "COUNT").storeNames().get(0);
        assertThat(store).startsWith("COUNT-STORE-");
        assertThat(plan.stores()).containsOnlyKeys(store);
        PlanHarness harness = new PlanHarness(plan, dir);
        harness.pipe("words", "hello", "hello", 1);
        harness.pipe("words", "world", "world", 2);
        harness.pipe("words", "hello", "hello", 3);
        assertThat(harness.output("counts")).containsExactly(
                new Record<>("hello", 1L, 1), new Record<>("world", 1L, 2), new Record<>("hello", 2L, 3));
    }

    @Test
    void shouldConnectTheTableStoreToTheJoinAndEmitOnlyOnStreamRecords() {
        PipelineBuilder b = new PipelineBuilder();
        Table<String, String> customers = b.table("customers", Consumed.with(S, S), Materialized.as("customers"));
        b.stream("orders", Consumed.with(S, S))
                .join(customers.mapValues(String::toUpperCase), (order, name) -> order + " for " + name)
                .to("enriched", Produced.with(S, S));
        LogicalPlan plan = (LogicalPlan) b.build();
        assertThat(node(plan, "JOIN").storeNames()).containsExactly("customers");
        assertThat(node(plan, "TABLE-SOURCE").storeNames()).containsExactly("customers");
        assertThat(plan.childrenOf(node(plan, "TABLE-MAP-VALUES").name())).isEmpty();

        PlanHarness harness = new PlanHarness(plan, dir);
        harness.pipe("orders", "c1", "o1", 1);
        harness.pipe("customers", "c1", "ann", 2);
        harness.pipe("orders", "c1", "o2", 3);
        assertThat(harness.output("enriched")).containsExactly(new Record<>("c1", "o2 for ANN", 3));
    }

    @Test
    void shouldEmitTableUpdatesAndTombstonesDownstream() {
        PipelineBuilder b = new PipelineBuilder();
        b.table("customers", Consumed.with(S, S)).filter((k, v) -> !v.isEmpty()).toStream()
                .to("out", Produced.with(S, S));
        LogicalPlan plan = (LogicalPlan) b.build();
        assertThat(plan.stores()).hasSize(1);
        assertThat(plan.stores().keySet().iterator().next()).startsWith("TABLE-STORE-");
        PlanHarness harness = new PlanHarness(plan, dir);
        harness.pipe("customers", "c1", "ann", 1);
        harness.pipe("customers", "c1", "", 2);
        harness.pipe("customers", "c1", null, 3);   // "" never matched: nothing to delete downstream
        harness.pipe("customers", "c2", "bob", 4);
        assertThat(harness.output("out")).containsExactly(
                new Record<>("c1", "ann", 1), new Record<>("c1", null, 2), new Record<>("c2", "bob", 4));
    }

    @Test
    void shouldDeclareAWindowStoreWithSizeAndRetentionOfSizePlusGrace() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("clicks", Consumed.with(S, S)).groupByKey(Grouped.with(S, S).withName("by-user"))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
                .count(Materialized.<String, Long>as("per-minute").inMemory())
                .toStream().to("out", Produced.with(WindowedSerde.of(S), Serdes.Long()));
        LogicalPlan plan = (LogicalPlan) b.build();
        StoreSpec<?, ?> spec = plan.stores().get("per-minute");
        assertThat(spec.kind()).isEqualTo(StoreSpec.Kind.WINDOW);
        assertThat(spec.windowSize()).contains(Duration.ofMinutes(1));
        assertThat(spec.retention()).contains(Duration.ofSeconds(70));
        assertThat(spec.isInMemory()).isTrue();
        assertThat(node(plan, "by-user-WINDOWED-COUNT").storeNames()).containsExactly("per-minute");
        assertThat(plan.describe()).contains("WINDOW store per-minute (in memory), retention PT1M10S");

        PlanHarness harness = new PlanHarness(plan, dir);
        harness.pipe("clicks", "u", "p", 59_999);
        harness.pipe("clicks", "u", "p", 60_000);
        assertThat(harness.output("out")).containsExactly(
                new Record<>(new Windowed<>("u", 0, 60_000), 1L, 59_999),
                new Record<>(new Windowed<>("u", 60_000, 120_000), 1L, 60_000));
    }

    @Test
    void shouldUseALongerMaterializedRetention() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("clicks", Consumed.with(S, S)).groupByKey(Grouped.with(S, S))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)))
                .reduce((a, v) -> v, Materialized.<String, String>as("last").withRetention(Duration.ofHours(1)));
        LogicalPlan plan = (LogicalPlan) b.build();
        assertThat(plan.stores().get("last").retention()).contains(Duration.ofHours(1));
        @SuppressWarnings("unchecked")
        Serde<Object> stored = (Serde<Object>) plan.stores().get("last").valueSerde();
        assertThat(stored.deserializer().deserialize("t", stored.serializer().serialize("t",
                new ValueAndTimestamp<>("v", 5L)))).isEqualTo(new ValueAndTimestamp<>("v", 5L));
    }

    @Test
    void shouldKeepSplitBranchesOfARekeyedStreamMarkedAsRekeyed() {
        PipelineBuilder b = new PipelineBuilder();
        EventStream<String, String> branch = b.stream("in", Consumed.with(S, S)).selectKey((k, v) -> v)
                .split().branch("x", (k, v) -> true).noDefaultBranch().get("x");
        branch.groupByKey(Grouped.with(S, S)).count();
        EventStream<String, String> plain = b.stream("in2", Consumed.with(S, S))
                .split().branch("y", (k, v) -> true).noDefaultBranch().get("y");
        assertThat(plain.groupByKey(Grouped.with(S, S)).count()).isNotNull();
        assertThat(((LogicalPlan) b.build()).repartitionTopics())
                .as("only the re-keyed branch goes through a repartition topic").hasSize(1);
    }
}
