package dev.eos.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** The latency runs by variant, summarised as the median over repetitions of each percentile. */
final class LatencyTable {
    private final Map<String, List<LatencyResult>> byVariant = new LinkedHashMap<>();

    LatencyTable(List<String> variants) {
        variants.forEach(v -> byVariant.put(v, new ArrayList<>()));
    }

    void add(LatencyResult result) {
        byVariant.get(result.variant()).add(result);
    }

    /** The median over the variant's repetitions of its p99, in milliseconds. */
    double medianP99(String variant) {
        return median(variant, LatencyResult::p99Millis);
    }

    private double median(String variant, ToDoubleFunction<LatencyResult> metric) {
        double[] values = byVariant.get(variant).stream().mapToDouble(metric).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /** Prints the medians of p50, p99 and max, each repetition's p99, and the disturbance. */
    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-19s %8s %8s %8s   %s%n", "variant", "p50 ms", "p99 ms", "max ms",
                "each rep p50/p99/max (ms, in run order)");
        byVariant.forEach((variant, runs) -> {
            StringBuilder reps = new StringBuilder();
            for (LatencyResult run : runs) {
                reps.append(String.format(Locale.ROOT, "  %.0f/%.0f/%.0f", run.p50Millis(), run.p99Millis(),
                        run.maxMillis()));
            }
            out.printf(Locale.ROOT, "%-19s %8.1f %8.1f %8.1f  %s%n", variant,
                    median(variant, LatencyResult::p50Millis), median(variant, LatencyResult::p99Millis),
                    median(variant, LatencyResult::maxMillis), reps);
        });
        double other = 0;
        double elapsed = 0;
        for (List<LatencyResult> runs : byVariant.values()) {
            for (LatencyResult run : runs) {
                if (run.otherShare() < 0) {
                    return;
                }
                other += run.otherShare() * run.elapsedNanos();
                elapsed += run.elapsedNanos();
            }
        }
        if (elapsed > 0) {
            double share = other / elapsed;
            out.printf(Locale.ROOT, "Other processes used %.0f%% of the machine's CPU during the latency runs%s%n",
                    share * 100, share > ResultTable.NOISY_SHARE
                            ? "; these figures are disturbed, rerun on a quiet machine" : "");
        }
    }
}
