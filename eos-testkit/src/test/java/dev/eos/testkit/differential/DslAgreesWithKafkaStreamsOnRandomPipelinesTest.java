package dev.eos.testkit.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The random differential property: for many seeds, a random pipeline built in both DSLs
 * ({@link PipelineGenerator}) and random input ({@link InputGenerator}) run through Eos's
 * {@code PipelineTestDriver} and Kafka Streams' {@code TopologyTestDriver}, every topic at one
 * partition, records processed one at a time; each output key's full update sequence (values and
 * timestamps, in order) must be the same. Deliberate differences are listed, with how they are
 * kept out, in {@link DeliberateDifference}; nothing else may differ.
 *
 * <p>A failing seed is reported with its pipeline, its input shrunk to the records the failure
 * needs, and both outputs; rerun it alone with {@code -Ddifferential.firstSeed=S -Ddifferential.seeds=1}.
 *
 * <p>System properties: {@code differential.seeds} (default {@value #DEFAULT_SEEDS}; run 5000 for a
 * longer search), {@code differential.firstSeed} (default 0), {@code differential.report} (a file:
 * shrink and classify every failing seed and write them there, instead of stopping at the first),
 * {@code differential.avoid} (constructs to leave out, see {@link Avoided}).
 *
 * <p>TEMPORARY, until the fixes for issue 11 are merged: while {@code differential.tolerateOpenIssue11}
 * is true (the default, {@link OpenIssue11Item#TOLERATED}), a failing seed that one of the issue's
 * seven items may explain ({@link OpenIssue11Item}) is counted and printed, not failed. LEAD: once the
 * fixes land, flip that default to false, run the long search, then delete the property, the flag and
 * {@link OpenIssue11Item}.
 */
class DslAgreesWithKafkaStreamsOnRandomPipelinesTest {
    private static final int DEFAULT_SEEDS = 300;
    private static final int REPORTED_FAILURES = 3;

    private final int seeds = Integer.getInteger("differential.seeds", DEFAULT_SEEDS);
    private final long firstSeed = Long.getLong("differential.firstSeed", 0L);
    private final boolean tolerateOpenIssue11 = OpenIssue11Item.TOLERATED;
    private final String reportFile = System.getProperty("differential.report");
    private final Set<Avoided> avoided = Avoided.fromSystemProperty();
    private final Shrinker shrinker = new Shrinker(200);

    @Test
    void randomPipelines_shouldWriteWhatKafkaStreamsWritesRecordForRecordWithTimestamps() throws IOException {
        Map<OpenIssue11Item, Integer> tolerated = new EnumMap<>(OpenIssue11Item.class);
        int toleratedSeeds = 0;
        List<Trial> unexplained = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            Trial trial = Trial.of(seed, avoided);
            Trial.Outcome outcome = trial.run();
            if (outcome.agree()) {
                continue;
            }
            if (reportFile != null) {
                report.append(reportOn(trial)).append("\n\n");
            }
            Set<OpenIssue11Item> items = OpenIssue11Item.candidates(trial, outcome);
            if (tolerateOpenIssue11 && !items.isEmpty()) {
                toleratedSeeds++;
                items.forEach(item -> tolerated.merge(item, 1, Integer::sum));
            } else {
                unexplained.add(trial);
            }
        }
        if (reportFile != null) {
            Files.writeString(Path.of(reportFile), report);
        }
        if (toleratedSeeds > 0) {
            System.out.printf("Differential property: %d of %d seeds differ in ways issue 11 may explain "
                    + "(tolerated until its fixes land): %s%n", toleratedSeeds, seeds, tolerated);
        }
        StringBuilder failures = new StringBuilder();
        for (Trial trial : unexplained.subList(0, Math.min(REPORTED_FAILURES, unexplained.size()))) {
            failures.append(reportOn(trial)).append("\n\n");
        }
        assertThat(unexplained.size())
                .as("%d of %d seeds differ from Kafka Streams in ways no DeliberateDifference explains; the first %d, "
                        + "shrunk (rerun one with -Ddifferential.firstSeed=S -Ddifferential.seeds=1):%n%s",
                        unexplained.size(), seeds, Math.min(REPORTED_FAILURES, unexplained.size()), failures)
                .isZero();
    }

    /** The seed, the pipeline, the shrunk input, both outputs and the open items that may explain it. */
    private String reportOn(Trial trial) {
        Trial shrunk = shrinker.shrink(trial, t -> !t.run().agree());
        Trial.Outcome outcome = shrunk.run();
        return shrunk + "\n  (shrunk from " + trial.input().size() + " records)\n  "
                + outcome.describe().replace("\n", "\n  ")
                + "\n  issue 11 items that may explain it: " + OpenIssue11Item.candidates(shrunk, outcome);
    }
}
