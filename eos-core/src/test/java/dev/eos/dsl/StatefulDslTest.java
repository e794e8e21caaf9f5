package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.errors.EosException;
import dev.eos.internal.dsl.ValueAndTimestamp;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.store.Windowed;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The stateful DSL as users write it: plans, and the errors raised while defining them. */
class StatefulDslTest {
    private static final Serde<String> S = Serdes.String();

    @Test
    void shouldBuildAWordCountPipelineWithItsStoreInThePlan() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("lines", Consumed.with(S, S))
                .flatMapValues(line -> List.of(line.toLowerCase().split("\\W+")))
                .selectKey((k, word) -> word)
                .to("words", Produced.with(S, S));
        b.stream("words", Consumed.with(S, S))
                .groupByKey(Grouped.with(S, S))
                .count(Materialized.as("word-counts"))
                .toStream()
                .to("word-counts", Produced.with(S, Serdes.Long()));
        LogicalPlan plan = (LogicalPlan) b.build();

        assertThat(plan.sourceTopics()).containsExactly("lines", "words");
        assertThat(plan.sinkTopics()).containsExactly("words", "word-counts");
        assertThat(plan.stores()).containsOnlyKeys("word-counts");
        ProcessorNode count = plan.nodes().stream().filter(n -> n.name().startsWith("COUNT-"))
                .map(ProcessorNode.class::cast).findFirst().orElseThrow();
        assertThat(count.storeNames()).containsExactly("word-counts");
        assertThat(plan.describe())
                .contains("Processor " + count.name() + " stores [word-counts] --> TO-STREAM-")
                .contains("KEY_VALUE store word-counts");
    }

    @Test
    void groupByShouldRekeyThroughANamedRepartitionTopicIntoANewSubtopology() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("lines", Consumed.with(S, S))
                .groupBy((k, v) -> v, Grouped.with(S, S).withName("by-word"))
                .count(Materialized.as("word-counts"));
        LogicalPlan plan = ((LogicalPlan) b.build()).resolve("app");

        assertThat(plan.repartitionTopics()).singleElement()
                .satisfies(r -> assertThat(r.topic()).isEqualTo("app-by-word-repartition"));
        assertThat(plan.sourceTopics()).containsExactly("lines");
        assertThat(plan.consumedTopics()).containsExactlyInAnyOrder("lines", "app-by-word-repartition");
        assertThat(plan.subtopologies()).hasSize(2);
        assertThat(plan.subtopologyOf("app-by-word-repartition").storeNames()).containsExactly("word-counts");
        assertThat(plan.subtopologyOf("lines").storeNames()).isEmpty();
    }

    @Test
    void groupByKeyAfterAKeyChangeShouldRepartitionButAJoinShouldAskForSerdes() {
        PipelineBuilder b = new PipelineBuilder();
        Table<String, String> table = b.table("t", Consumed.with(S, S));
        EventStream<String, String> rekeyed = b.stream("in", Consumed.with(S, S)).selectKey((k, v) -> v);
        assertThat(rekeyed.groupByKey(Grouped.with(S, S)).count()).isNotNull();
        assertThatThrownBy(() -> rekeyed.filter((k, v) -> true).join(table, (a, c) -> a))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("join(table, joiner) follows map, flatMap, selectKey or process")
                .hasMessageContaining(".repartition(Repartitioned.with(keySerde, valueSerde))");
        assertThat(rekeyed.repartition(Repartitioned.with(S, S)).join(table, (a, c) -> a)).isNotNull();
        EventStream<String, String> sameKey = b.stream("in2", Consumed.with(S, S)).mapValues(String::trim);
        assertThat(sameKey.leftJoin(table, (a, c) -> a + c)).isNotNull();
        assertThat(((LogicalPlan) b.build()).repartitionTopics()).hasSize(2);
    }

    @Test
    void aggregateWithoutAValueSerdeShouldNameTheOperatorAndTheFix() {
        GroupedStream<String, String> grouped = new PipelineBuilder().stream("in", Consumed.with(S, S))
                .groupByKey(Grouped.with(S, S));
        assertThatThrownBy(() -> grouped.aggregate(() -> 0, (k, v, n) -> n + 1, Materialized.as("lengths")))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("aggregate(...) has no value serde")
                .hasMessageContaining("withValueSerde(aggregateSerde)");
        assertThat(grouped.aggregate(() -> 0, (k, v, n) -> n + 1,
                Materialized.<String, Integer>as("lengths").withValueSerde(Serdes.Integer()))).isNotNull();
    }

    @Test
    void reduceShouldFallBackToTheGroupedSerdes() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S))
                .reduce((a, v) -> a + v, Materialized.as("concat"));
        LogicalPlan plan = (LogicalPlan) b.build();
        assertThat(plan.stores().get("concat").keySerde()).isInstanceOf(Serdes.StringSerde.class);
        @SuppressWarnings("unchecked")
        Serde<Object> values = (Serde<Object>) plan.stores().get("concat").valueSerde();
        byte[] stored = values.serializer().serialize("t", new ValueAndTimestamp<>("ab", 1L));
        assertThat(stored).as("the timestamp, then the value as Grouped's Serdes.String() writes it")
                .containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 'a', 'b');
    }

    @Test
    void retentionShouldBeRejectedOnKeyValueStoresAndWhenShorterThanSizePlusGrace() {
        GroupedStream<String, String> grouped = new PipelineBuilder().stream("in", Consumed.with(S, S))
                .groupByKey(Grouped.with(S, S));
        assertThatThrownBy(() -> grouped.count(Materialized.<String, Long>as("c").withRetention(Duration.ofHours(1))))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("count(...) keeps one value per key for ever");
        WindowedGroupedStream<String, String> windowed =
                grouped.windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(5), Duration.ofMinutes(1)));
        assertThatThrownBy(() -> windowed.count(Materialized.<String, Long>as("w").withRetention(Duration.ofMinutes(5))))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("shorter than window size + grace (PT6M)")
                .hasMessageContaining("withRetention(PT6M) or more");
    }

    @Test
    void storeNamesShouldBeUniqueAndUsableInTopicNames() {
        PipelineBuilder b = new PipelineBuilder();
        GroupedStream<String, String> grouped = b.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S));
        grouped.count(Materialized.as("counts"));
        assertThatThrownBy(() -> grouped.count(Materialized.as("counts")))
                .hasMessageContaining("Two state stores are named 'counts'");
        assertThatThrownBy(() -> grouped.count(Materialized.as("my counts")))
                .hasMessageContaining("not usable in a topic name");
    }

    @Test
    void joiningAWindowedTableShouldBeRejected() {
        PipelineBuilder b = new PipelineBuilder();
        EventStream<String, String> in = b.stream("in", Consumed.with(S, S));
        Table<Windowed<String>, Long> windowed = in.groupByKey(Grouped.with(S, S))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1))).count();
        EventStream<Windowed<String>, String> byWindow = b.stream("w", Consumed.with(WindowedSerde.of(S), S));
        assertThatThrownBy(() -> byWindow.join(windowed, (v, n) -> v + n))
                .isInstanceOf(EosException.class).hasMessageContaining("is windowed");
    }

    @Test
    void joiningATableOfAnotherBuilderShouldBeRejected() {
        Table<String, String> foreign = new PipelineBuilder().table("t", Consumed.with(S, S));
        EventStream<String, String> in = new PipelineBuilder().stream("in", Consumed.with(S, S));
        assertThatThrownBy(() -> in.join(foreign, (a, b) -> a)).hasMessageContaining("same PipelineBuilder");
    }
}
