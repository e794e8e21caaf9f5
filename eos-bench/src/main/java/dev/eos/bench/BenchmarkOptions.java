package dev.eos.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The command line of {@link ThroughputBenchmark}, parsed and checked.
 *
 * <pre>{@code
 * BenchmarkOptions options = BenchmarkOptions.parse(new String[] {"--records", "200000", "--reps", "5"});
 * }</pre>
 *
 * @param records records pre-filled into the input topic; every variant copies all of them per run
 * @param reps measured repetitions per variant (the median is reported)
 * @param warmupRounds rounds of every variant run first and discarded
 * @param eosThreads {@code num.threads} of the Eos app
 * @param eosSettings further Eos config keys for tuning experiments; none for reported figures
 * @param bootstrapServers an existing cluster to use instead of starting a broker JVM
 * @param runTimeoutSeconds how long one run may take before the benchmark gives up
 */
record BenchmarkOptions(long records, int reps, int warmupRounds, int eosThreads, Map<String, String> eosSettings,
                        Optional<String> bootstrapServers, int runTimeoutSeconds) {

    static final String USAGE = String.join("\n",
            "Usage: java -cp <classpath> dev.eos.bench.ThroughputBenchmark [options]",
            "  --records N              records in the input topic, copied by every run (default 1000000)",
            "  --reps N                 measured repetitions per variant; the median is reported (default 3)",
            "  --warmup-rounds N        rounds of every variant run first and discarded (default 1)",
            "  --eos-threads N          num.threads of the Eos app (default 1, as Kafka Streams' default)",
            "  --eos-set KEY=VALUE      an extra Eos config setting, repeatable, for tuning experiments",
            "                           (figures in docs/benchmarks.md use none)",
            "  --bootstrap-servers H:P  use this cluster instead of starting a broker JVM on loopback",
            "  --run-timeout-seconds N  give up when one run takes longer (default 300)",
            "  --help                   print this and exit");

    static BenchmarkOptions defaults() {
        return new BenchmarkOptions(1_000_000, 3, 1, 1, Map.of(), Optional.empty(), 300);
    }

    /**
     * @throws IllegalArgumentException with the offending flag and the usage text
     * @throws HelpRequested for {@code --help}
     */
    static BenchmarkOptions parse(String[] args) {
        BenchmarkOptions d = defaults();
        long records = d.records;
        int reps = d.reps;
        int warmupRounds = d.warmupRounds;
        int eosThreads = d.eosThreads;
        Map<String, String> eosSettings = new LinkedHashMap<>();
        Optional<String> bootstrapServers = d.bootstrapServers;
        int runTimeoutSeconds = d.runTimeoutSeconds;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            switch (flag) {
                case "--records" -> records = positive(flag, value);
                case "--reps" -> reps = (int) positive(flag, value);
                case "--warmup-rounds" -> warmupRounds = (int) notNegative(flag, value);
                case "--eos-threads" -> eosThreads = (int) positive(flag, value);
                case "--eos-set" -> {
                    int eq = value.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException("--eos-set takes key=value, was '" + value + "'");
                    }
                    eosSettings.put(value.substring(0, eq), value.substring(eq + 1));
                }
                case "--bootstrap-servers" -> bootstrapServers = Optional.of(value);
                case "--run-timeout-seconds" -> runTimeoutSeconds = (int) positive(flag, value);
                default -> throw new IllegalArgumentException("Unknown option " + flag + "\n" + USAGE);
            }
        }
        return new BenchmarkOptions(records, reps, warmupRounds, eosThreads, Map.copyOf(eosSettings),
                bootstrapServers, runTimeoutSeconds);
    }

    private static long positive(String flag, String value) {
        long n = number(flag, value);
        if (n < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, was " + value);
        }
        return n;
    }

    private static long notNegative(String flag, String value) {
        long n = number(flag, value);
        if (n < 0) {
            throw new IllegalArgumentException(flag + " must be 0 or more, was " + value);
        }
        return n;
    }

    private static long number(String flag, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a whole number, was '" + value + "'");
        }
    }

    /** Thrown by {@link #parse} for {@code --help}. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested() {
            super(USAGE, null, false, false);
        }
    }
}
