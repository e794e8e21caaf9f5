package dev.eos.testkit.differential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * shrink every failing seed and write them all there, instead of reporting the first three),
 * {@code differential.avoid} (constructs to leave out, see {@link Avoided}).
 */
class DslAgreesWithKafkaStreamsOnRandomPipelinesTest {
    private static final int DEFAULT_SEEDS = 300;
    private static final int REPORTED_FAILURES = 3;

    private final int seeds = Integer.getInteger("differential.seeds", DEFAULT_SEEDS);
    private final long firstSeed = Long.getLong("differential.firstSeed", 0L);
    private final String reportFile = System.getProperty("differential.report");
    private final Set<Avoided> avoided = Avoided.fromSystemProperty();
    private final Shrinker shrinker = new Shrinker(200);

    @Test
    void randomPipelines_shouldWriteWhatKafkaStreamsWritesRecordForRecordWithTimestamps() throws IOException {
        List<Trial> failing = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            Trial trial = Trial.of(seed, avoided);
            if (trial.run().agree()) {
                continue;
            }
            failing.add(trial);
            if (reportFile != null) {
                report.append(reportOn(trial)).append("\n\n");
            }
        }
        if (reportFile != null) {
            Files.writeString(Path.of(reportFile), report);
        }
        StringBuilder failures = new StringBuilder();
        for (Trial trial : failing.subList(0, Math.min(REPORTED_FAILURES, failing.size()))) {
            failures.append(reportOn(trial)).append("\n\n");
        }
        assertThat(failing.size())
                .as("%d of %d seeds differ from Kafka Streams in ways no DeliberateDifference explains; the first %d, "
                        + "shrunk (rerun one with -Ddifferential.firstSeed=S -Ddifferential.seeds=1):%n%s",
                        failing.size(), seeds, Math.min(REPORTED_FAILURES, failing.size()), failures)
                .isZero();
    }

    /** The seed, the pipeline, the shrunk input and both outputs. */
    private String reportOn(Trial trial) {
        Trial shrunk = shrinker.shrink(trial, t -> !t.run().agree());
        return shrunk + "\n  (shrunk from " + trial.input().size() + " records)\n  "
                + shrunk.run().describe().replace("\n", "\n  ");
    }
}
