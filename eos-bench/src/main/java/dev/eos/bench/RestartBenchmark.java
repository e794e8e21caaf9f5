package dev.eos.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;

/**
 * How soon an instance killed with SIGKILL and started again produces committed output, Eos
 * against Kafka Streams, both with their default settings ({@code --workload restart}). Unlike
 * {@link RestoreBenchmark}, nothing waits for the dead member to leave the group: the figure
 * includes the broker's failure detection, as in production. Per run, for each framework in
 * turn, on a fresh input topic of {@code --restore-keys} records with distinct keys:
 *
 * <ol>
 *   <li>Start the count ({@link WorkloadKind#COUNT}) in a child JVM ({@link StatefulAppMain}) with
 *       Kafka's default session timeout; Eos with a stable {@code instance.id} (so its consumers
 *       are static members), Kafka Streams with its defaults. Wait until the committed output
 *       holds a count of 1 for every key: the store has that many entries, all committed.</li>
 *   <li>SIGKILL the child.</li>
 *   <li>Write one marker record to every input partition.</li>
 *   <li>Launch a new child with the same application id and state directory; the clock runs
 *       from the launch (JVM start-up included) until the first marker's count is committed
 *       (read_committed), and on until every marker's is.</li>
 *   <li>Check every marker's count is 1, close the child, delete its state and topics.</li>
 * </ol>
 *
 * {@code --group-protocol consumer} runs Eos under KIP-848 ({@code consumer.group.protocol=consumer});
 * Kafka Streams stays on its default (classic) protocol. Prints each run, the medians side by side
 * with their ratio, and last {@code restart_1M: eos_ms=E ks_ms=K}.
 */
final class RestartBenchmark {
    private static final List<String> FRAMEWORKS = List.of(ResultTable.EOS, ResultTable.KAFKA_STREAMS);

    private final BenchmarkOptions options;
    private final String bootstrapServers;
    private final PrintStream out;

    RestartBenchmark(BenchmarkOptions options, String bootstrapServers, PrintStream out) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.out = out;
    }

    /** One restart: launch to the first new committed output, and to all of it. */
    record Restart(String framework, long toFirstOutputMillis, long toAllOutputMillis, long restoredRecords) {
    }

    void run() throws Exception {
        boolean consumerProtocol = options.groupProtocol().equals("consumer");
        if (consumerProtocol) {
            enableConsumerProtocol();
        }
        String benchId = UUID.randomUUID().toString().substring(0, 8);
        Path log = Files.createTempFile("eos-bench-apps-", ".log");
        out.printf(Locale.ROOT, "Restart after SIGKILL: %,d distinct keys in the store, %d repetition(s); child JVM"
                + " logs in %s%n", options.restoreKeys(), options.reps(), log);
        out.println("  eos            Eos defaults, instance.id fixed across the restart (static membership),"
                + " group protocol " + options.groupProtocol()
                + (options.eosSettings().isEmpty() ? "" : ", set: " + new java.util.TreeMap<>(options.eosSettings())));
        out.println("  kafka-streams  exactly_once_v2, defaults (classic group protocol, no group.instance.id)");
        Map<String, List<Restart>> results = new LinkedHashMap<>();
        FRAMEWORKS.forEach(f -> results.put(f, new ArrayList<>()));
        try (BenchTopics topics = new BenchTopics(bootstrapServers)) {
            for (int rep = 0; rep < options.reps(); rep++) {
                for (int i = 0; i < FRAMEWORKS.size(); i++) {
                    String framework = FRAMEWORKS.get((rep + i) % FRAMEWORKS.size());
                    Restart restart = once(topics, framework, benchId + "-" + rep, log, consumerProtocol);
                    results.get(framework).add(restart);
                    out.printf(Locale.ROOT, "rep %d %-14s launch to first new output %,7d ms, to all %,7d ms,"
                                    + " changelog records replayed %,d%n", rep, framework,
                            restart.toFirstOutputMillis(), restart.toAllOutputMillis(), restart.restoredRecords());
                }
            }
        }
        long eos = median(results.get(ResultTable.EOS));
        long ks = median(results.get(ResultTable.KAFKA_STREAMS));
        out.println();
        out.printf(Locale.ROOT, "%-34s %12s %14s %8s%n", "median, launch to first new output", "eos",
                "kafka-streams", "ks/eos");
        out.printf(Locale.ROOT, "%-34s %,9d ms %,11d ms %7.1fx%n", "", eos, ks, eos == 0 ? 0.0 : (double) ks / eos);
        out.printf(Locale.ROOT, "restart_%s: eos_ms=%d ks_ms=%d group_protocol=%s%n",
                CrashRestartRun.keysLabel(options.restoreKeys()), eos, ks, options.groupProtocol());
    }

    private Restart once(BenchTopics topics, String framework, String runId, Path log, boolean consumerProtocol)
            throws Exception {
        String input = "eos-bench-restart-in-" + framework + "-" + runId;
        String applicationId = "bench-restart-" + framework + "-" + runId;
        String output = "eos-bench-restart-out-" + framework + "-" + runId;
        Path stateDir = Files.createTempDirectory("eos-bench-restart-" + framework + "-");
        long keys = options.restoreKeys();
        List<String> argList = new ArrayList<>(List.of(framework, bootstrapServers, input, output, applicationId,
                stateDir.toString(), StatefulAppMain.KAFKA_SESSION_DEFAULTS));
        if (framework.equals(ResultTable.EOS)) {
            if (consumerProtocol) {
                argList.add("consumer.group.protocol=consumer");
            }
            options.eosSettings().forEach((key, value) -> argList.add(key + "=" + value));
        }
        String[] args = argList.toArray(new String[0]);
        topics.create(input);
        topics.create(output);
        try {
            InputLoader.loadDistinctKeys(bootstrapServers, input, keys);
            // Step 1
            try (CommittedOutputCounter built = new CommittedOutputCounter(bootstrapServers, output, keys,
                    WorkloadKind.COUNT.newProgress(), false)) {
                AppProcess first = AppProcess.start(log, args);
                try {
                    await(built, first, framework + " building the store");
                } finally {
                    // Step 2
                    first.kill();
                }
            }
            try (CommittedOutputCounter firstMarker = new CommittedOutputCounter(bootstrapServers, output, 1,
                    WorkloadKind.COUNT.newProgress(), true);
                 CommittedOutputCounter markers = new CommittedOutputCounter(bootstrapServers, output,
                         Workload.PARTITIONS, WorkloadKind.COUNT.newProgress(), true)) {
                // Step 3
                writeMarkers(input, runId);
                // Step 4
                try (AppProcess second = AppProcess.start(log, args)) {
                    await(firstMarker, second, framework + " restarting");
                    await(markers, second, framework + " restarting");
                    long toFirst = firstMarker.reachedAtEpochMillis() - second.launchEpochMillis();
                    long toAll = markers.reachedAtEpochMillis() - second.launchEpochMillis();
                    markers.awaitQuiet(1_000);
                    long restored = second.restoredRecords();
                    second.close();
                    markers.close();
                    // Step 5
                    CrashRestartRun.checkMarkers(markers, framework, runId);
                    return new Restart(framework, toFirst, toAll, restored);
                }
            }
        } finally {
            topics.delete(input);
            topics.delete(output);
            topics.deleteStartingWith(applicationId);
            Directories.deleteRecursively(stateDir);
        }
    }

    /** The KIP-848 protocol needs {@code group.version} 1 on the cluster. */
    private void enableConsumerProtocol() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            FinalizedVersionRange group = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .finalizedFeatures().get("group.version");
            if (group == null || group.maxVersionLevel() < 1) {
                admin.updateFeatures(Map.of("group.version", new FeatureUpdate((short) 1,
                        FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void await(CommittedOutputCounter counter, AppProcess app, String what) throws InterruptedException {
        CrashRestartRun.awaitOutput(counter, app, what, options.runTimeoutSeconds(), 50);
    }

    private void writeMarkers(String input, String runId) {
        CrashRestartRun.writeMarkers(bootstrapServers, input, runId);
    }

    private static long median(List<Restart> runs) {
        return CrashRestartRun.median(runs.stream().mapToLong(Restart::toFirstOutputMillis));
    }
}
