package dev.eos.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The measured runs by variant, summarised as the median of each variant's repetitions, and the
 * two ratios the benchmark exists for.
 */
final class ResultTable {
    static final String EOS = "eos";
    static final String KAFKA_STREAMS = "kafka-streams";
    static final String RAW = "raw-copy";

    /** Above this share of the machine taken by other processes, the figures are not trustworthy. */
    private static final double NOISY_SHARE = 0.05;

    private final Map<String, List<RunResult>> byVariant = new LinkedHashMap<>();

    ResultTable(List<String> variants) {
        variants.forEach(v -> byVariant.put(v, new ArrayList<>()));
    }

    void add(RunResult result) {
        byVariant.get(result.variant()).add(result);
    }

    double median(String variant) {
        double[] rates = byVariant.get(variant).stream().mapToDouble(RunResult::recordsPerSecond).sorted().toArray();
        if (rates.length == 0) {
            return Double.NaN;
        }
        int mid = rates.length / 2;
        return rates.length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
    }

    /** Prints the table, then as the very last line {@code eos_vs_kafka_streams=X eos_vs_raw=Y}. */
    void print(PrintStream out) {
        out.printf(Locale.ROOT, "%-14s %14s   %s%n", "variant", "median rec/s", "each rep (rec/s, in run order)");
        byVariant.forEach((variant, runs) -> {
            StringBuilder reps = new StringBuilder();
            for (RunResult run : runs) {
                reps.append(String.format(Locale.ROOT, "%,10.0f", run.recordsPerSecond()));
            }
            out.printf(Locale.ROOT, "%-14s %,14.0f  %s%n", variant, median(variant), reps);
        });
        otherLoad().ifPresent(share -> out.printf(Locale.ROOT,
                "Other processes used %.0f%% of the machine's CPU during the measured runs%s%n", share * 100,
                share > NOISY_SHARE ? "; these figures are disturbed, rerun on a quiet machine" : ""));
        out.println(ratioLine());
    }

    /** The share of all cores' time that other processes used during the measured runs, if known. */
    private Optional<Double> otherLoad() {
        long other = 0;
        long elapsed = 0;
        for (List<RunResult> runs : byVariant.values()) {
            for (RunResult run : runs) {
                if (run.cpu().otherNanos() < 0) {
                    return Optional.empty();
                }
                other += run.cpu().otherNanos();
                elapsed += run.elapsedNanos();
            }
        }
        if (elapsed == 0) {
            return Optional.empty();
        }
        return Optional.of(other / ((double) elapsed * Runtime.getRuntime().availableProcessors()));
    }

    String ratioLine() {
        double eos = median(EOS);
        return String.format(Locale.ROOT, "eos_vs_kafka_streams=%.2f eos_vs_raw=%.2f",
                eos / median(KAFKA_STREAMS), eos / median(RAW));
    }
}
