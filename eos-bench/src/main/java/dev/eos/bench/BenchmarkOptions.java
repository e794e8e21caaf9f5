package dev.eos.bench;

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
 * @param bootstrapServers an existing cluster to use instead of starting a broker JVM
 * @param runTimeoutSeconds how long one run may take before the benchmark gives up
 */
record BenchmarkOptions(long records, int reps, int warmupRounds, int eosThreads,
                        Optional<String> bootstrapServers, int runTimeoutSeconds) {

    static final String USAGE = String.join("\n",
            "Usage: java -cp <classpath> dev.eos.bench.ThroughputBenchmark [options]",
            "  --records N              records in the input topic, copied by every run (default 1000000)",
            "  --reps N                 measured repetitions per variant; the median is reported (default 3)",
            "  --warmup-rounds N        rounds of every variant run first and discarded (default 1)",
            "  --eos-threads N          num.threads of the Eos app (default 1, as Kafka Streams' default)",
            "  --bootstrap-servers H:P  use this cluster instead of starting a broker JVM on loopback",
            "  --run-timeout-seconds N  give up when one run takes longer (default 300)",
            "  --help                   print this and exit");

    static BenchmarkOptions defaults() {
        return new BenchmarkOptions(1_000_000, 3, 1, 1, Optional.empty(), 300);
    }

    /**
     * @throws IllegalArgumentException with the offending flag and the usage text
     */
    static BenchmarkOptions parse(String[] args) {
        BenchmarkOptions o = defaults();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new HelpRequested();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            o = switch (flag) {
                case "--records" -> new BenchmarkOptions(positive(flag, value), o.reps, o.warmupRounds,
                        o.eosThreads, o.bootstrapServers, o.runTimeoutSeconds);
                case "--reps" -> new BenchmarkOptions(o.records, (int) positive(flag, value), o.warmupRounds,
                        o.eosThreads, o.bootstrapServers, o.runTimeoutSeconds);
                case "--warmup-rounds" -> new BenchmarkOptions(o.records, o.reps, (int) notNegative(flag, value),
                        o.eosThreads, o.bootstrapServers, o.runTimeoutSeconds);
                case "--eos-threads" -> new BenchmarkOptions(o.records, o.reps, o.warmupRounds,
                        (int) positive(flag, value), o.bootstrapServers, o.runTimeoutSeconds);
                case "--bootstrap-servers" -> new BenchmarkOptions(o.records, o.reps, o.warmupRounds,
                        o.eosThreads, Optional.of(value), o.runTimeoutSeconds);
                case "--run-timeout-seconds" -> new BenchmarkOptions(o.records, o.reps, o.warmupRounds,
                        o.eosThreads, o.bootstrapServers, (int) positive(flag, value));
                default -> throw new IllegalArgumentException("Unknown option " + flag + "\n" + USAGE);
            };
        }
        return o;
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
