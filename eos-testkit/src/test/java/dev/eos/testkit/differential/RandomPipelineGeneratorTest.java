package dev.eos.testkit.differential;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The generators and the shrinker of the random differential property. */
class RandomPipelineGeneratorTest {
    private static final Set<Avoided> NOTHING_AVOIDED = EnumSet.noneOf(Avoided.class);

    @Test
    void sameSeed_shouldGiveTheSamePipelineAndInput() {
        Trial first = Trial.of(42, NOTHING_AVOIDED);
        Trial again = Trial.of(42, NOTHING_AVOIDED);

        assertThat(again.toString()).isEqualTo(first.toString());
        assertThat(Trial.of(43, NOTHING_AVOIDED).toString()).isNotEqualTo(first.toString());
    }

    @Test
    void pipeline_shouldPrintAsTheChainOfItsOperators() {
        RandomPipeline pipeline = new RandomPipeline(false, List.of(
                new Step.Filter(Functions.PREDICATES.get(0), true),
                new Step.Aggregate(Step.Grouping.BY_KEY, new Step.Windows(10_000, 10_000, 0), Step.Aggregation.COUNT)));

        assertThat(pipeline).hasToString("in -> filterNot(v contains \"a\") -> groupByKey -> windowedBy(10s, grace 0s) "
                + "-> count -> toStream(key@[start,end)) -> out");
        assertThat(new RandomPipeline(true, List.of(new Step.TableFilter(Functions.PREDICATES.get(1)))))
                .hasToString("table(tbl) -> filter(v length even) -> toStream -> out");
    }

    @Test
    void generators_shouldReachEveryOperatorAndEveryKindOfInputWithinTwoHundredSeeds() {
        Set<String> seen = new HashSet<>();
        LongStream.range(0, 200).mapToObj(seed -> Trial.of(seed, NOTHING_AVOIDED)).forEach(trial -> {
            if (trial.pipeline().fromTable()) {
                seen.add("table source");
            }
            for (Step step : trial.pipeline().allSteps()) {
                seen.add(step.getClass().getSimpleName());
                if (step instanceof Step.Join join) {
                    seen.add(join.left() ? "leftJoin" : "join");
                }
                if (step instanceof Step.Filter filter && filter.not()) {
                    seen.add("filterNot");
                }
                if (step instanceof Step.Aggregate aggregate) {
                    seen.add(aggregate.aggregation().toString().replaceAll("\\(.*", ""));
                    seen.add(aggregate.grouping().newKey() == null ? "groupByKey" : "groupBy");
                    if (!aggregate.windowedTableSteps().isEmpty()) {
                        seen.add("windowed table view");
                    }
                    if (aggregate.windows() != null) {
                        seen.add(aggregate.windows().advanceMs() == aggregate.windows().sizeMs() ? "tumbling" : "hopping");
                        seen.add(aggregate.windows().graceMs() == 0 ? "no grace" : "grace");
                    }
                }
            }
            long latest = Long.MIN_VALUE;
            for (InputRecord<String, String> r : trial.input()) {
                seen.add(r.key() == null ? "null key" : "key");
                seen.add(r.value() == null ? r.topic().name() + " null value" : r.topic().name() + " value");
                long time = r.timestampMs().orElseThrow();
                if (time < latest) {
                    seen.add("out of order");
                }
                latest = Math.max(latest, time);
            }
        });

        assertThat(seen).contains("Filter", "filterNot", "MapValues", "Map", "SelectKey", "FlatMap", "FlatMapValues",
                "SplitMerge", "windowed table view",
                "join", "leftJoin", "count", "reduce", "aggregate", "groupByKey", "groupBy", "tumbling", "hopping",
                "grace", "no grace", "TableFilter", "TableMapValues", "ToStream", "table source",
                "null key", "in null value", "tbl null value", "in value", "tbl value", "out of order");
    }

    @Test
    void avoided_shouldKeepTheConstructsOutOfPipelinesAndInputs() {
        Set<Avoided> all = EnumSet.allOf(Avoided.class);
        LongStream.range(0, 200).mapToObj(seed -> Trial.of(seed, all)).forEach(trial -> {
            assertThat(trial.pipeline().steps()).noneMatch(step -> step instanceof Step.TableFilter
                    || step instanceof Step.Aggregate a && (a.windows() != null
                    || a.windowedTableSteps().stream().anyMatch(view -> view instanceof Step.TableFilter)));
            assertThat(trial.pipeline().allSteps()).noneMatch(step -> step.toString().contains("empty to null")
                    || step.toString().contains("[v, null]") || step.toString().contains("null if")
                    || step.toString().contains("v empty ? null"));
            assertThat(trial.input()).noneMatch(r -> r.value() == null);
            assertThat(trial.input()).isSortedAccordingTo((a, b) -> Long.compare(
                    a.timestampMs().orElseThrow(), b.timestampMs().orElseThrow()));
        });
    }

    @Test
    void shrinker_shouldKeepOnlyTheRecordsTheFailureNeeds() {
        List<InputRecord<String, String>> input = LongStream.range(0, 13)
                .mapToObj(i -> InputGenerator.STREAM.record("k" + i, "v" + i, i)).toList();
        Trial trial = new Trial(0, new RandomPipeline(false, List.of()), input);

        Trial shrunk = new Shrinker(500).shrink(trial, t -> t.input().contains(input.get(3))
                && t.input().contains(input.get(11)));

        assertThat(shrunk.input()).containsExactly(input.get(3), input.get(11));
    }
}
