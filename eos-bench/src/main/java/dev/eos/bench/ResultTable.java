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
    static final String EOS_ALOS = "eos-alos";
    static final String KAFKA_STREAMS_ALOS = "kafka-streams-alos";

    /** Above this share of the machine taken by other processes, the figures are not trustworthy. */
    static final double NOISY_SHARE = 0.05;

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

    /** Prints the table, then as the very last line the {@link #ratioLine()}. */
    void print(PrintStream out) {
        printSummary(out);
        out.println(ratioLine());
    }

    /** Prints the medians, each repetition, the CPU per record and the disturbance; no ratio line. */
    void printSummary(PrintStream out) {
        out.printf(Locale.ROOT, "%-18s %14s   %s%n", "variant", "median rec/s", "each rep (rec/s, in run order)");
        byVariant.forEach((variant, runs) -> {
            StringBuilder reps = new StringBuilder();
            for (RunResult run : runs) {
                reps.append(String.format(Locale.ROOT, "%,10.0f", run.recordsPerSecond()));
            }
            out.printf(Locale.ROOT, "%-18s %,14.0f  %s%n", variant, median(variant), reps);
        });
        StringBuilder cpu = new StringBuilder();
        byVariant.keySet().forEach(variant -> cpuMicrosPerRecord(variant).ifPresent(micros -> cpu.append(
                String.format(Locale.ROOT, "  %s %.1f", variant, micros))));
        if (!cpu.isEmpty()) {
            out.println("Median CPU per input record, benchmark JVM + broker JVM (us):" + cpu);
        }
        otherLoad().ifPresent(share -> out.printf(Locale.ROOT,
                "Other processes used %.0f%% of the machine's CPU during the measured runs%s%n", share * 100,
                share > NOISY_SHARE ? "; these figures are disturbed, rerun on a quiet machine" : ""));
    }

    /**
     * The median over a variant's runs of the CPU the benchmark JVM and the broker JVM used per
     * input record, in microseconds; less sensitive than throughput to other processes taking
     * cores, as long as they do not thrash the caches. Empty without a broker reading.
     */
    Optional<Double> cpuMicrosPerRecord(String variant) {
        double[] micros = byVariant.get(variant).stream()
                .filter(run -> run.cpu().brokerNanos() >= 0)
                .mapToDouble(run -> (run.cpu().benchNanos() + run.cpu().brokerNanos()) / 1e3 / run.records())
                .sorted().toArray();
        if (micros.length == 0) {
            return Optional.empty();
        }
        int mid = micros.length / 2;
        return Optional.of(micros.length % 2 == 1 ? micros[mid] : (micros[mid - 1] + micros[mid]) / 2);
    }

    /**
     * The median over a variant's runs of the CPU this JVM used per input record (the process CPU
     * time of {@code OperatingSystemMXBean#getProcessCpuTime}: the pipeline under test and the
     * output counter), in microseconds; NaN without runs.
     */
    double benchCpuMicrosPerRecord(String variant) {
        double[] micros = byVariant.get(variant).stream()
                .mapToDouble(run -> run.cpu().benchNanos() / 1e3 / run.records())
                .sorted().toArray();
        if (micros.length == 0) {
            return Double.NaN;
        }
        int mid = micros.length / 2;
        return micros.length % 2 == 1 ? micros[mid] : (micros[mid - 1] + micros[mid]) / 2;
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

    /**
     * With a raw copy, {@code eos_vs_kafka_streams=X eos_vs_raw=Y}; without one (the count),
     * {@code count: eos=E ks=K eos_vs_kafka_streams=X} with the medians in records per second.
     */
    String ratioLine() {
        double eos = median(EOS);
        if (!byVariant.containsKey(RAW)) {
            return String.format(Locale.ROOT, "count: eos=%.0f ks=%.0f eos_vs_kafka_streams=%.2f", eos,
                    median(KAFKA_STREAMS), eos / median(KAFKA_STREAMS));
        }
        return String.format(Locale.ROOT, "eos_vs_kafka_streams=%.2f eos_vs_raw=%.2f",
                eos / median(KAFKA_STREAMS), eos / median(RAW));
    }
}
