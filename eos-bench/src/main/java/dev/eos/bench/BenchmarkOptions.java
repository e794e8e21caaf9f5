package dev.eos.bench;

import java.util.LinkedHashMap;
import java.util.List;
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
 * @param workload {@code copy} (stateless, against a raw copy too), {@code count} (stateful) or
 *     {@code restore} (restore after a crash with a {@code restoreKeys}-key store), {@code restart}
 *     (launch to first new output after a SIGKILL, failure detection included), ...
 * @param restoreKeys distinct keys in the store the restore benchmark builds and crashes
 * @param latencyRate records per second the latency runs of {@code rekey} and {@code alos} send
 * @param latencySeconds seconds of a latency run that are measured
 * @param latencyWarmupSeconds seconds of a latency run sent first and not measured
 * @param jdbcUrl the database the {@code jdbc} workload writes to
 * @param jdbcUser its user (no password)
 * @param groupProtocol {@code classic} or {@code consumer}: Eos' group protocol in the {@code restart} workload
 * @param registryUrl the schema registry of the {@code avro} workload; empty: an embedded one
 */
record BenchmarkOptions(long records, int reps, int warmupRounds, int eosThreads, Map<String, String> eosSettings,
                        Optional<String> bootstrapServers, int runTimeoutSeconds, String workload,
                        long restoreKeys, int latencyRate, int latencySeconds, int latencyWarmupSeconds,
                        String jdbcUrl, String jdbcUser, String groupProtocol, Optional<String> registryUrl) {
    static final String COPY = "copy";
    static final String COUNT = "count";
    static final String RESTORE = "restore";
    static final String RESTART = "restart";
    static final String REKEY = "rekey";
    static final String ALOS = "alos";
    static final String JDBC = "jdbc";
    static final String AVRO = "avro";
    private static final List<String> WORKLOADS = List.of(COPY, COUNT, RESTORE, RESTART, REKEY, ALOS, JDBC, AVRO);

    static final String USAGE = String.join("\n",
            "Usage: java -cp <classpath> dev.eos.bench.ThroughputBenchmark [options]",
            "  --workload W             copy (stateless: eos, kafka-streams, raw-copy), count (stateful",
            "                           groupByKey().count(): eos, kafka-streams) or restore (restart after",
            "                           a SIGKILL with a --restore-keys store: eos, kafka-streams), restart",
            "                           (launch to first new committed output after a SIGKILL, default settings,",
            "                           failure detection included: eos with a stable instance.id, kafka-streams), rekey",
            "                           (selectKey + repartition + mapValues + to, throughput and latency: eos,",
            "                           kafka-streams) or alos (copy and rekey: eos at_least_once, eos,",
            "                           kafka-streams at_least_once; latency on the rekey) or jdbc (rows/s into",
            "                           PostgreSQL through eos-jdbc, upsert and exactly-once) or avro (the copy",
            "                           with Avro GenericRecord values vs String values, both eos); default copy",
            "  --records N              records in the input topic, processed by every run (default 1000000)",
            "  --reps N                 measured repetitions per variant; the median is reported (default 3)",
            "  --warmup-rounds N        rounds of every variant run first and discarded (default 1)",
            "  --eos-threads N          num.threads of the Eos app (default 1, as Kafka Streams' default)",
            "  --eos-set KEY=VALUE      an extra Eos config setting, repeatable, for tuning experiments",
            "                           (figures in docs/benchmarks.md use none)",
            "  --bootstrap-servers H:P  use this cluster instead of starting a broker JVM on loopback",
            "  --run-timeout-seconds N  give up when one run takes longer (default 300)",
            "  --restore-keys N         distinct keys of the store the restore and restart workloads crash",
            "                           (default 1000000)",
            "  --group-protocol P       restart: Eos' group protocol, classic or consumer (KIP-848); default classic",
            "  --latency-rate N         rekey/alos: records per second of the latency runs (default 5000)",
            "  --latency-seconds N      rekey/alos: measured seconds of a latency run (default 20)",
            "  --latency-warmup-seconds N  rekey/alos: seconds sent first and not measured (default 5)",
            "  --jdbc-url URL           jdbc: the database (default jdbc:postgresql://127.0.0.1:5432/test)",
            "  --jdbc-user NAME         jdbc: its user, no password (default postgres)",
            "  --registry-url URL       avro: a schema registry (Confluent REST API) instead of an embedded one",
            "  --help                   print this and exit");

    static BenchmarkOptions defaults() {
        return new BenchmarkOptions(1_000_000, 3, 1, 1, Map.of(), Optional.empty(), 300, COPY, 1_000_000, 5_000, 20,
                5, "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "classic", Optional.empty());
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
        String workload = d.workload;
        long restoreKeys = d.restoreKeys;
        int latencyRate = d.latencyRate;
        int latencySeconds = d.latencySeconds;
        int latencyWarmupSeconds = d.latencyWarmupSeconds;
        String jdbcUrl = d.jdbcUrl;
        String jdbcUser = d.jdbcUser;
        String groupProtocol = d.groupProtocol;
        Optional<String> registryUrl = d.registryUrl;
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
                case "--restore-keys" -> restoreKeys = positive(flag, value);
                case "--latency-rate" -> latencyRate = (int) positive(flag, value);
                case "--latency-seconds" -> latencySeconds = (int) positive(flag, value);
                case "--latency-warmup-seconds" -> latencyWarmupSeconds = (int) notNegative(flag, value);
                case "--jdbc-url" -> jdbcUrl = value;
                case "--jdbc-user" -> jdbcUser = value;
                case "--registry-url" -> registryUrl = Optional.of(value);
                case "--group-protocol" -> {
                    if (!value.equals("classic") && !value.equals("consumer")) {
                        throw new IllegalArgumentException("--group-protocol takes classic or consumer, was '"
                                + value + "'");
                    }
                    groupProtocol = value;
                }
                case "--workload" -> {
                    if (!WORKLOADS.contains(value)) {
                        throw new IllegalArgumentException("--workload takes one of " + WORKLOADS + ", was '"
                                + value + "'");
                    }
                    workload = value;
                }
                default -> throw new IllegalArgumentException("Unknown option " + flag + "\n" + USAGE);
            }
        }
        if (workload.equals(AVRO) && bootstrapServers.isPresent() && registryUrl.isEmpty()) {
            throw new IllegalArgumentException("--workload avro with --bootstrap-servers needs --registry-url (the"
                    + " embedded schema registry runs only beside the embedded broker); pass --registry-url"
                    + " http://host:8081 or drop --bootstrap-servers");
        }
        return new BenchmarkOptions(records, reps, warmupRounds, eosThreads, Map.copyOf(eosSettings),
                bootstrapServers, runTimeoutSeconds, workload, restoreKeys, latencyRate, latencySeconds,
                latencyWarmupSeconds, jdbcUrl, jdbcUser, groupProtocol, registryUrl);
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
