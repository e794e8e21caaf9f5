package dev.eos.testkit.differential;

import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks the input of a failing {@link Trial}: removes records, first in chunks and then one by
 * one, as long as the trial still fails, so that the report shows a short input that still
 * fails. The pipeline is kept as it is.
 */
final class Shrinker {
    private final int maxRuns;

    /** @param maxRuns the most runs to spend on one shrink */
    Shrinker(int maxRuns) {
        this.maxRuns = maxRuns;
    }

    /** The smallest input found on which {@code stillFails} holds; {@code trial} itself if none is smaller. */
    Trial shrink(Trial trial, Predicate<Trial> stillFails) {
        List<InputRecord<String, String>> input = trial.input();
        int runs = 0;
        int chunk = Math.max(1, input.size() / 2);
        while (chunk >= 1 && runs < maxRuns) {
            boolean removed = false;
            for (int from = 0; from < input.size() && runs < maxRuns; ) {
                List<InputRecord<String, String>> candidate = new ArrayList<>(input);
                candidate.subList(from, Math.min(input.size(), from + chunk)).clear();
                runs++;
                if (!candidate.isEmpty() && stillFails.test(trial.withInput(candidate))) {
                    input = candidate;
                    removed = true;
                } else {
                    from += chunk;
                }
            }
            if (!removed) {
                chunk /= 2;
            }
        }
        return trial.withInput(input);
    }
}
