package dev.eos.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * End-to-end throughput of Eos against Kafka Streams (both exactly-once) and against a plain
 * consumer-to-producer copy, on one broker; with {@code --workload count} the stateful
 * {@code groupByKey().count()} of Eos against Kafka Streams; with {@code --workload restore} the
 * restart of both after a crash ({@link RestoreBenchmark}); with {@code --workload restart} the
 * time from the launch of a SIGKILLed instance to its first new output ({@link RestartBenchmark});
 * with {@code --workload rekey} or
 * {@code alos} a pipeline with a repartition topic, for throughput and latency, and Eos at least
 * once ({@link RekeyBenchmark}); with {@code --workload jdbc} the JDBC sink
 * ({@link JdbcSinkBenchmark}); with {@code --workload avro} the copy with Avro values against
 * the copy with String values, both Eos ({@link AvroBenchmark}). See docs/benchmarks.md for what
 * is measured and how to run it.
 *
 * <pre>{@code
 * java -cp eos-bench/target/eos-bench-0.1.0-SNAPSHOT.jar:$(cat /tmp/bench.cp) \
 *     dev.eos.bench.ThroughputBenchmark --records 1000000 --reps 3
 * }</pre>
 *
 * <ol>
 *   <li>Start a broker JVM ({@link BrokerMain}) unless {@code --bootstrap-servers} names one.</li>
 *   <li>Fill an 8-partition input topic with {@code --records} records ({@link Workload}).</li>
 *   <li>Run rounds of every variant, each run a fresh application writing to a fresh output
 *       topic ({@link MeasuredRun}); the variants take turns going first. The first
 *       {@code --warmup-rounds} rounds are discarded.</li>
 *   <li>Print the table of medians, then last the line
 *       {@code eos_vs_kafka_streams=X eos_vs_raw=Y} (the copy) or
 *       {@code count: eos=E ks=K eos_vs_kafka_streams=X} (the count).</li>
 * </ol>
 */
public final class ThroughputBenchmark {
    private static final PrintStream out = System.out;

    private ThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkOptions options;
        try {
            options = BenchmarkOptions.parse(args);
        } catch (BenchmarkOptions.HelpRequested help) {
            out.println(help.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        // Step 1
        BrokerProcess broker = null;
        if (options.bootstrapServers().isEmpty()) {
            out.println("Starting a broker JVM...");
            broker = BrokerProcess.start(options.workload().equals(BenchmarkOptions.AVRO));
            out.printf("Broker JVM pid %d at %s, log %s%n", broker.pid(), broker.bootstrapServers(), broker.log());
            broker.registryUrl().ifPresent(url -> out.println("Embedded schema registry in the broker JVM at " + url));
        }
        try {
            String bootstrapServers = broker != null ? broker.bootstrapServers() : options.bootstrapServers().get();
            Optional<String> registryUrl = options.registryUrl().isPresent() ? options.registryUrl()
                    : Optional.ofNullable(broker).flatMap(BrokerProcess::registryUrl);
            run(options, bootstrapServers, registryUrl,
                    new CpuMeter(Optional.ofNullable(broker).map(BrokerProcess::pid)));
        } catch (Exception | Error e) {
            System.err.println("The benchmark failed; no figures. " + e);
            e.printStackTrace();
            if (broker != null) {
                System.err.println("Broker log: " + broker.log());
                broker.close();
            }
            System.exit(1); // a pipeline thread that did not stop must not keep the JVM alive
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void run(BenchmarkOptions options, String bootstrapServers, Optional<String> registryUrl,
                            CpuMeter cpu) throws Exception {
        if (options.workload().equals(BenchmarkOptions.RESTORE)) {
            new RestoreBenchmark(options, bootstrapServers, out).run();
            return;
        }
        if (options.workload().equals(BenchmarkOptions.RESTART)) {
            new RestartBenchmark(options, bootstrapServers, out).run();
            return;
        }
        // copy and count are this class' own rounds; the others print their own settings and tables
        boolean ownRounds = options.workload().equals(BenchmarkOptions.COPY)
                || options.workload().equals(BenchmarkOptions.COUNT);
        WorkloadKind kind = options.workload().equals(BenchmarkOptions.COUNT) ? WorkloadKind.COUNT : WorkloadKind.COPY;
        EosVariant eos = new EosVariant(kind, options.eosThreads(), options.eosSettings());
        List<Variant> variants = kind == WorkloadKind.COPY
                ? List.of(eos, new KafkaStreamsVariant(kind), new RawCopyVariant())
                : List.of(eos, new KafkaStreamsVariant(kind));
        out.println("Workload: " + options.workload());
        if (ownRounds) {
            printSettings(options, variants); // fails here on a bad --eos-set, before any work
        } else {
            eos.settings(); // fails here on a bad --eos-set, before any work
        }
        String benchId = UUID.randomUUID().toString().substring(0, 8);
        String inputTopic = "eos-bench-in-" + benchId;
        try (BenchTopics topics = new BenchTopics(bootstrapServers)) {
            // Step 2
            topics.create(inputTopic);
            try {
                long loadStart = System.nanoTime();
                long valueBytes = InputLoader.load(bootstrapServers, inputTopic, options.records());
                long loaded = topics.endOffsetSum(inputTopic);
                if (loaded != options.records()) {
                    throw new IllegalStateException("The input topic has " + loaded + " records, expected "
                            + options.records());
                }
                out.printf(Locale.ROOT, "Loaded %,d records into %s (%d partitions) in %.1f s%n", loaded, inputTopic,
                        Workload.PARTITIONS, (System.nanoTime() - loadStart) / 1e9);
                switch (options.workload()) {
                    case BenchmarkOptions.JDBC ->
                            new JdbcSinkBenchmark(options, bootstrapServers, inputTopic, benchId, cpu, out).run();
                    case BenchmarkOptions.AVRO ->
                            new AvroBenchmark(options, bootstrapServers, registryUrl.orElseThrow(), topics, inputTopic,
                                    valueBytes, benchId, cpu, out).run();
                    case BenchmarkOptions.REKEY, BenchmarkOptions.ALOS ->
                            new RekeyBenchmark(options, bootstrapServers, topics, inputTopic, benchId, cpu, out).run();
                    default -> {
                        // Step 3
                        ResultTable table = runRounds(kind, options, bootstrapServers, topics, inputTopic, variants,
                                benchId, cpu);
                        // Step 4
                        out.println();
                        table.print(out);
                    }
                }
            } finally {
                topics.delete(inputTopic);
            }
        }
    }

    static ResultTable runRounds(WorkloadKind kind, BenchmarkOptions options, String bootstrapServers,
                                 BenchTopics topics, String inputTopic, List<Variant> variants,
                                 String benchId, CpuMeter cpu) throws Exception {
        return runRounds(kind, options, bootstrapServers, topics, variant -> inputTopic, variants, benchId, cpu);
    }

    /** {@link #runRounds}, each variant reading its own input topic ({@code inputOf}), all of the same size. */
    static ResultTable runRounds(WorkloadKind kind, BenchmarkOptions options, String bootstrapServers,
                                 BenchTopics topics, Function<Variant, String> inputOf, List<Variant> variants,
                                 String benchId, CpuMeter cpu) throws Exception {
        ResultTable table = new ResultTable(variants.stream().map(Variant::name).toList());
        int rounds = options.warmupRounds() + options.reps();
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < options.warmupRounds();
            for (Variant variant : rotated(variants, round)) {
                String runId = benchId + "-" + round + "-" + variant.name();
                MeasuredRun measured = new MeasuredRun(kind, bootstrapServers, topics, inputOf.apply(variant),
                        options.records(), options.runTimeoutSeconds(), cpu);
                RunResult result = measured.run(variant, runId);
                out.printf(Locale.ROOT, "%s round %d %-18s %,10.0f rec/s  %6.2f s  cpu %s%s%s%n",
                        warmup ? "warm-up " : "measured", round, variant.name(), result.recordsPerSecond(),
                        result.elapsedNanos() / 1e9, cpuText(result.cpu()),
                        result.details().isEmpty() ? "" : "  " + result.details(),
                        result.duplicates() == 0 ? "" : "  DUPLICATES: " + result.duplicates());
                if (!warmup) {
                    table.add(result);
                }
            }
        }
        return table;
    }

    static String cpuText(CpuMeter.Reading cpu) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "bench %.1f s", cpu.benchNanos() / 1e9));
        if (cpu.brokerNanos() >= 0) {
            text.append(String.format(Locale.ROOT, ", broker %.1f s", cpu.brokerNanos() / 1e9));
        }
        if (cpu.otherNanos() >= 0) {
            text.append(String.format(Locale.ROOT, ", other processes %.1f s", cpu.otherNanos() / 1e9));
        }
        return text.toString();
    }

    /** The variants starting at {@code round mod size}, so no variant always runs first or last. */
    static List<Variant> rotated(List<Variant> variants, int round) {
        List<Variant> order = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            order.add(variants.get((round + i) % variants.size()));
        }
        return order;
    }

    static void printSettings(BenchmarkOptions options, List<Variant> variants) {
        out.printf("%d warm-up round(s), %d measured repetition(s), %d available processors%n",
                options.warmupRounds(), options.reps(), Runtime.getRuntime().availableProcessors());
        for (Variant variant : variants) {
            out.printf("  %-18s %s%n", variant.name(), variant.settings());
        }
    }
}
