package dev.eos.bench;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.GenericAvroSerde;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The workload {@code avro} of {@link ThroughputBenchmark} (issue 13): the copy pipeline with Avro
 * values against the same copy with String values, both Eos exactly once, in the same run and on
 * the same broker, interleaved in rounds like the copy.
 *
 * <ul>
 *   <li>{@code eos-avro}: {@link AvroEosVariant}, {@code BenchOrder} records of eleven fields,
 *       about 100 bytes each in the Confluent wire format, through eos-avro's
 *       {@code GenericAvroSerde} and a schema registry;</li>
 *   <li>{@code eos-string}: {@link EosVariant}'s copy, 100-character String values.</li>
 * </ul>
 *
 * <ol>
 *   <li>Fill a second input topic with {@code --records} Avro records (the String input is
 *       filled by {@link ThroughputBenchmark}); print the average value size of each.</li>
 *   <li>Run the rounds ({@link ThroughputBenchmark#runRounds}), each variant reading its input.</li>
 *   <li>Print the table, the CPU this JVM used per record (the pipeline and the output counter;
 *       {@code getProcessCpuTime} deltas divided by the records), then last the line
 *       {@code avro: eos_avro=A eos_string=S avro_vs_string=R cpu_us_per_record: avro=X string=Y}.</li>
 * </ol>
 *
 * The goal is {@code avro_vs_string >= 0.65}; the benchmark measures and reports it,
 * it does not assert it.
 */
final class AvroBenchmark {
    static final String STRING = "eos-string";

    private final BenchmarkOptions options;
    private final String bootstrapServers;
    private final String registryUrl;
    private final BenchTopics topics;
    private final String stringInput;
    private final long stringValueBytes;
    private final String benchId;
    private final CpuMeter cpu;
    private final PrintStream out;

    AvroBenchmark(BenchmarkOptions options, String bootstrapServers, String registryUrl, BenchTopics topics,
                  String stringInput, long stringValueBytes, String benchId, CpuMeter cpu, PrintStream out) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.topics = topics;
        this.stringInput = stringInput;
        this.stringValueBytes = stringValueBytes;
        this.benchId = benchId;
        this.cpu = cpu;
        this.out = out;
    }

    void run() throws Exception {
        String avroInput = "eos-bench-avro-in-" + benchId;
        // Step 1
        topics.create(avroInput);
        try {
            long avroValueBytes;
            try (Serializer<GenericRecord> serializer = GenericAvroSerde.forValues(AvroSerdeConfig.builder()
                    .registryUrl(registryUrl).autoRegisterSchemas(true).build()).serializer()) {
                avroValueBytes = InputLoader.loadAvro(bootstrapServers, avroInput, options.records(), serializer);
            }
            long loaded = topics.endOffsetSum(avroInput);
            if (loaded != options.records()) {
                throw new IllegalStateException("The Avro input topic has " + loaded + " records, expected "
                        + options.records());
            }
            out.printf(Locale.ROOT, "Loaded %,d Avro records into %s; average value %.1f bytes (Avro, wire format"
                    + " included) vs %.1f bytes (String)%n", loaded, avroInput,
                    (double) avroValueBytes / loaded, (double) stringValueBytes / options.records());
            // Step 2
            List<Variant> variants = List.of(
                    new AvroEosVariant(registryUrl, options.eosThreads(), options.eosSettings()),
                    new Renamed(STRING, new EosVariant(WorkloadKind.COPY, options.eosThreads(), options.eosSettings())));
            ThroughputBenchmark.printSettings(options, variants);
            ResultTable table = ThroughputBenchmark.runRounds(WorkloadKind.COPY, options, bootstrapServers, topics,
                    variant -> variant.name().equals(AvroEosVariant.NAME) ? avroInput : stringInput, variants,
                    benchId, cpu);
            // Step 3
            out.println();
            table.printSummary(out);
            double avro = table.median(AvroEosVariant.NAME);
            double string = table.median(STRING);
            double avroCpu = table.benchCpuMicrosPerRecord(AvroEosVariant.NAME);
            double stringCpu = table.benchCpuMicrosPerRecord(STRING);
            out.printf(Locale.ROOT, "Median CPU per record, this JVM only (pipeline and output counter; us):"
                    + "  %s %.2f  %s %.2f%n", AvroEosVariant.NAME, avroCpu, STRING, stringCpu);
            out.printf(Locale.ROOT, "avro: eos_avro=%.0f eos_string=%.0f avro_vs_string=%.2f"
                    + " cpu_us_per_record: avro=%.2f string=%.2f%n", avro, string, avro / string, avroCpu, stringCpu);
        } finally {
            topics.delete(avroInput);
        }
    }

    /** A variant under another name in the table. */
    private record Renamed(String name, Variant variant) implements Variant {
        @Override
        public String settings() {
            return variant.settings();
        }

        @Override
        public Running start(RunSpec spec) throws Exception {
            return variant.start(spec);
        }
    }
}
