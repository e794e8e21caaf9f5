package dev.eos.bench;

import dev.eos.ProcessingGuarantee;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The workloads {@code rekey} and {@code alos} of {@link ThroughputBenchmark}: a pipeline with a
 * repartition topic, measured for throughput (as the copy: the whole pre-filled input, clock to
 * the last committed output record) and for end-to-end latency at a steady input rate
 * ({@link LatencyRun}), on the broker and input the caller set up.
 *
 * <ul>
 *   <li>{@code rekey}: Eos exactly once against Kafka Streams {@code exactly_once_v2}, both
 *       running {@code selectKey} + {@code repartition} + {@code mapValues} + {@code to}
 *       ({@link WorkloadKind#REKEY}). Prints {@code rekey: eos=E ks=K eos_vs_kafka_streams=X} and
 *       {@code rekey_latency_p99_ms: eos=E ks=K eos_over_ks=X}.</li>
 *   <li>{@code alos}: Eos at least once, Eos exactly once and Kafka Streams {@code at_least_once}
 *       on the copy and on the rekey; latency on the rekey. Prints {@code alos_copy: ...},
 *       {@code alos_rekey: ...} and {@code alos_latency_p99_ms: ...}.</li>
 * </ul>
 *
 * Every setting not named is each framework's default; so is {@code commit.interval.ms}
 * (100 ms for Eos either way and for Kafka Streams under exactly-once, 30 s for Kafka Streams
 * at least once, whose output is visible as it is written).
 */
final class RekeyBenchmark {
    private final BenchmarkOptions options;
    private final String bootstrapServers;
    private final BenchTopics topics;
    private final String inputTopic;
    private final String benchId;
    private final CpuMeter cpu;
    private final PrintStream out;

    RekeyBenchmark(BenchmarkOptions options, String bootstrapServers, BenchTopics topics, String inputTopic,
                   String benchId, CpuMeter cpu, PrintStream out) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
        this.inputTopic = inputTopic;
        this.benchId = benchId;
        this.cpu = cpu;
        this.out = out;
    }

    /** Prints each part's table as it ends, then all result lines together at the end. */
    void run() throws Exception {
        List<String> lines = new ArrayList<>();
        if (options.workload().equals(BenchmarkOptions.REKEY)) {
            List<Variant> variants = List.of(eos(WorkloadKind.REKEY, ProcessingGuarantee.EXACTLY_ONCE),
                    new KafkaStreamsVariant(WorkloadKind.REKEY));
            ResultTable throughput = throughput(WorkloadKind.REKEY, variants, "rekey");
            LatencyTable latency = latency(variants, "rekey");
            double eos = throughput.median(ResultTable.EOS);
            double ks = throughput.median(ResultTable.KAFKA_STREAMS);
            lines.add(String.format(Locale.ROOT, "rekey: eos=%.0f ks=%.0f eos_vs_kafka_streams=%.2f", eos, ks,
                    eos / ks));
            double eosP99 = latency.medianP99(ResultTable.EOS);
            double ksP99 = latency.medianP99(ResultTable.KAFKA_STREAMS);
            lines.add(String.format(Locale.ROOT, "rekey_latency_p99_ms: eos=%.1f ks=%.1f eos_over_ks=%.2f", eosP99,
                    ksP99, eosP99 / ksP99));
        } else {
            for (WorkloadKind kind : List.of(WorkloadKind.COPY, WorkloadKind.REKEY)) {
                String label = "alos_" + kind.name().toLowerCase(Locale.ROOT);
                ResultTable throughput = throughput(kind, alosVariants(kind), label);
                double alos = throughput.median(ResultTable.EOS_ALOS);
                double eos = throughput.median(ResultTable.EOS);
                double ks = throughput.median(ResultTable.KAFKA_STREAMS_ALOS);
                lines.add(String.format(Locale.ROOT, "%s: eos_alos=%.0f eos=%.0f ks_alos=%.0f eos_alos_vs_eos=%.2f"
                        + " eos_alos_vs_kafka_streams_alos=%.2f eos_vs_kafka_streams_alos=%.2f", label, alos, eos, ks,
                        alos / eos, alos / ks, eos / ks));
            }
            LatencyTable latency = latency(alosVariants(WorkloadKind.REKEY), "alos_rekey");
            double alos = latency.medianP99(ResultTable.EOS_ALOS);
            double eos = latency.medianP99(ResultTable.EOS);
            double ks = latency.medianP99(ResultTable.KAFKA_STREAMS_ALOS);
            lines.add(String.format(Locale.ROOT, "alos_latency_p99_ms: eos_alos=%.1f eos=%.1f ks_alos=%.1f"
                    + " eos_alos_over_eos=%.2f", alos, eos, ks, alos / eos));
        }
        out.println();
        lines.forEach(out::println);
    }

    private List<Variant> alosVariants(WorkloadKind kind) {
        return List.of(eos(kind, ProcessingGuarantee.AT_LEAST_ONCE), eos(kind, ProcessingGuarantee.EXACTLY_ONCE),
                new KafkaStreamsVariant(kind, StreamsConfig.AT_LEAST_ONCE));
    }

    private EosVariant eos(WorkloadKind kind, ProcessingGuarantee guarantee) {
        return new EosVariant(kind, guarantee, options.eosThreads(), options.eosSettings());
    }

    private ResultTable throughput(WorkloadKind kind, List<Variant> variants, String label) throws Exception {
        out.printf("%nThroughput, %s (%,d records)%n", label, options.records());
        ThroughputBenchmark.printSettings(options, variants);
        ResultTable table = ThroughputBenchmark.runRounds(kind, options, bootstrapServers, topics, inputTopic,
                variants, benchId + "-" + label.replace('_', '-'), cpu);
        out.println();
        table.printSummary(out);
        return table;
    }

    /** {@code --reps} rounds, variants taking turns going first; no warm-up round (the JVM is warm). */
    private LatencyTable latency(List<Variant> variants, String label) throws Exception {
        out.printf(Locale.ROOT, "%nLatency, %s: %,d records/s for %d s after a %d s warm-up, %d rep(s)%n", label,
                options.latencyRate(), options.latencySeconds(), options.latencyWarmupSeconds(), options.reps());
        LatencyRun run = new LatencyRun(bootstrapServers, topics, options.latencyRate(),
                options.latencyWarmupSeconds(), options.latencySeconds(), cpu);
        LatencyTable table = new LatencyTable(variants.stream().map(Variant::name).toList());
        for (int rep = 0; rep < options.reps(); rep++) {
            for (Variant variant : ThroughputBenchmark.rotated(variants, rep)) {
                LatencyResult result = run.run(variant, benchId + "-lat-" + rep + "-" + variant.name());
                out.printf(Locale.ROOT, "latency rep %d %-19s p50 %6.1f ms  p99 %7.1f ms  max %7.1f ms  (%,d records)"
                                + "  %.1f s  cpu %s%s%s%n", rep, variant.name(), result.p50Millis(),
                        result.p99Millis(), result.maxMillis(), result.measured(), result.elapsedNanos() / 1e9,
                        ThroughputBenchmark.cpuText(result.cpu()),
                        result.missing() == 0 ? "" : "  MISSING: " + result.missing(),
                        result.duplicates() == 0 ? "" : "  DUPLICATES: " + result.duplicates());
                table.add(result);
            }
        }
        out.println();
        table.print(out);
        return table;
    }
}
