package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.processor.Record;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Table.mapValues maps a key's old value only when a Table.filter below it needs it (Kafka
 * Streams' sendOldValues), decided when the pipeline is defined; run through built plans.
 */
class TableOldValuesPlanTest {
    private static final Serde<String> S = Serdes.String();

    @TempDir
    Path dir;

    private static Table<String, Long> counts(PipelineBuilder b) {
        return b.stream("in", Consumed.with(S, S)).groupByKey(Grouped.with(S, S)).count();
    }

    @Test
    void mapValuesOfACount_withoutAFilterBelow_shouldNotMapTheInitialZero() {
        PipelineBuilder b = new PipelineBuilder();
        counts(b).mapValues(n -> 1000 / n).toStream().to("out", Produced.with(S, Serdes.Long()));
        PlanHarness harness = new PlanHarness(b.build(), dir);

        harness.pipe("in", "a", "x", 1);
        harness.pipe("in", "a", "x", 2);

        assertThat(harness.output("out")).containsExactly(new Record<>("a", 1000L, 1), new Record<>("a", 500L, 2));
    }

    @Test
    void mapValues_withoutAFilterBelow_shouldCallTheMapperOncePerUpdate() {
        List<Long> mapped = new ArrayList<>();
        PipelineBuilder b = new PipelineBuilder();
        counts(b).mapValues(n -> {
            mapped.add(n);
            return String.valueOf(n);
        }).toStream().to("out", Produced.with(S, S));
        PlanHarness harness = new PlanHarness(b.build(), dir);

        harness.pipe("in", "a", "x", 1);
        harness.pipe("in", "a", "x", 2);

        assertThat(mapped).containsExactly(1L, 2L);
    }

    @Test
    void mapValues_withAFilterBelowThroughAnotherMapValues_shouldMapOldValuesSoTheFilterSendsTombstones() {
        List<Long> mapped = new ArrayList<>();
        PipelineBuilder b = new PipelineBuilder();
        counts(b).mapValues(n -> {
            mapped.add(n);
            return n * 10;
        }).mapValues(String::valueOf).filter((k, v) -> v.length() == 2).toStream().to("out", Produced.with(S, S));
        PlanHarness harness = new PlanHarness(b.build(), dir);

        harness.pipe("in", "a", "x", 1);
        harness.pipe("in", "a", "x", 2);

        assertThat(harness.output("out")).as("count 1 -> \"10\" matches; count 2 -> \"20\" matches")
                .containsExactly(new Record<>("a", "10", 1), new Record<>("a", "20", 2));
        assertThat(mapped).as("new, then old value: (1, 0), (2, 1)").containsExactly(1L, 0L, 2L, 1L);
    }

    @Test
    void mapValues_withAFilterBelow_shouldLetTheFilterSendATombstoneWhenAKeyStopsMatching() {
        PipelineBuilder b = new PipelineBuilder();
        counts(b).mapValues(n -> n < 2 ? "small" : "big").filter((k, v) -> v.equals("small"))
                .toStream().to("out", Produced.with(S, S));
        PlanHarness harness = new PlanHarness(b.build(), dir);

        harness.pipe("in", "a", "x", 1);
        harness.pipe("in", "a", "x", 2);

        assertThat(harness.output("out")).containsExactly(new Record<>("a", "small", 1), new Record<>("a", null, 2));
    }

    @Test
    void mapValues_shouldMapOldValuesOnlyOnTheBranchAboveAFilter() {
        List<Long> unfiltered = new ArrayList<>();
        List<Long> filtered = new ArrayList<>();
        PipelineBuilder b = new PipelineBuilder();
        Table<String, Long> counts = counts(b);
        counts.mapValues(n -> {
            unfiltered.add(n);
            return String.valueOf(n);
        }).toStream().to("all", Produced.with(S, S));
        counts.mapValues(n -> {
            filtered.add(n);
            return String.valueOf(n);
        }).filter((k, v) -> true).toStream().to("some", Produced.with(S, S));
        PlanHarness harness = new PlanHarness(b.build(), dir);

        harness.pipe("in", "a", "x", 1);

        assertThat(unfiltered).containsExactly(1L);
        assertThat(filtered).containsExactly(1L, 0L);
    }
}
