package dev.eos.testkit.differential;

import static dev.eos.testkit.differential.BuildContext.STRINGS;

import dev.eos.dsl.Pipeline;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.streams.Topology;

/**
 * A pipeline described once and built in both DSLs: a source (the stream topic {@code in}, or
 * the table of the table topic {@code tbl}), a chain of {@link Step}s, and the output topic
 * {@code out} (a table at the end is written as its update stream). Prints as
 * {@code in -> filterNot(v contains "a") -> groupByKey -> windowedBy(10s, grace 0s) -> count -> out}.
 *
 * @param fromTable true if the pipeline starts at the table of {@code tbl} rather than the stream {@code in}
 * @param steps     the operators, in order
 */
record RandomPipeline(boolean fromTable, List<Step> steps) {

    RandomPipeline {
        steps = List.copyOf(steps);
    }

    /** Both sides, built from this description. */
    record Built(Pipeline eos, Topology kafkaStreams) {
    }

    Built build() {
        BuildContext context = new BuildContext();
        Flow flow = fromTable ? context.tableSource() : context.streamSource();
        for (Step step : steps) {
            flow = step.apply(flow, context);
        }
        if (flow instanceof Flow.Tables table) {
            flow = new Step.ToStream().apply(table, context);
        }
        Flow.Stream out = (Flow.Stream) flow;
        out.eos().to(BuildContext.OUTPUT_TOPIC, dev.eos.dsl.Produced.with(STRINGS, STRINGS));
        out.kafkaStreams().to(BuildContext.OUTPUT_TOPIC, org.apache.kafka.streams.kstream.Produced.with(STRINGS, STRINGS));
        return new Built(context.eos.build(), context.kafkaStreams.build());
    }

    /** True if the pipeline reads the stream topic {@code in}. */
    boolean readsStream() {
        return !fromTable;
    }

    /** True if the pipeline reads the table topic {@code tbl}. */
    boolean readsTable() {
        return fromTable || steps.stream().anyMatch(s -> s instanceof Step.Join);
    }

    /** Every step, those inside joins' table chains included. */
    List<Step> allSteps() {
        return steps.stream().flatMap(s -> s instanceof Step.Join j
                ? java.util.stream.Stream.concat(java.util.stream.Stream.of(s), j.tableSteps().stream())
                : java.util.stream.Stream.of(s)).toList();
    }

    @Override
    public String toString() {
        String source = fromTable ? "table(tbl)" : "in";
        boolean endsInTable = fromTable && steps.isEmpty()
                || !steps.isEmpty() && !steps.get(steps.size() - 1).givesStream();
        return source + steps.stream().map(s -> " -> " + s).collect(Collectors.joining())
                + (endsInTable ? " -> toStream" : "") + " -> out";
    }
}
