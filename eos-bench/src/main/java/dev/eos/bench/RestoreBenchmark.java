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

/**
 * Restart after a crash with a large store, Eos against Kafka Streams under exactly-once
 * ({@code --workload restore}). Per run, for each framework in turn, on a fresh input topic of
 * {@code --restore-keys} records with distinct keys:
 *
 * <ol>
 *   <li>Start the count ({@link WorkloadKind#COUNT}) in a child JVM ({@link StatefulAppMain});
 *       wait until the committed output
 *       holds a count of 1 for every key: the store has that many entries, all committed.</li>
 *   <li>SIGKILL the child: nothing is closed, flushed or checkpointed.</li>
 *   <li>Wait until the consumer group has no member (the dead one's session expired), so the
 *       restart measures restoring and not the broker's failure detection.</li>
 *   <li>Write one marker record to every input partition.</li>
 *   <li>Start a new child with the same application id and state directory; the clock runs
 *       from its {@code START} (just before {@code start()}) until the committed output holds
 *       the marker of every partition: every task restored and processing.</li>
 *   <li>Check every marker's count is 1, close the child, delete its state and topics.</li>
 * </ol>
 *
 * Prints each run, the medians, and last {@code restore_1M: eos_ms=E ks_ms=K}.
 */
final class RestoreBenchmark {
    private static final List<String> FRAMEWORKS = List.of(ResultTable.EOS, ResultTable.KAFKA_STREAMS);
    private static final long GROUP_EMPTY_TIMEOUT_SECONDS = 60;

    private final BenchmarkOptions options;
    private final String bootstrapServers;
    private final PrintStream out;

    RestoreBenchmark(BenchmarkOptions options, String bootstrapServers, PrintStream out) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.out = out;
    }

    /** One restart: what the clock measured and what the app reported. */
    record Restart(String framework, long toOutputMillis, long toRunningMillis, long restoredRecords,
                   long buildMillis) {
    }

    void run() throws Exception {
        String benchId = UUID.randomUUID().toString().substring(0, 8);
        Path log = Files.createTempFile("eos-bench-apps-", ".log");
        out.printf(Locale.ROOT, "Restore: %,d distinct keys, %d repetition(s); child JVM logs in %s%n",
                options.restoreKeys(), options.reps(), log);
        out.println("  eos            Eos defaults (RocksDB store, changelog), instance.id fixed across the restart,"
                + " consumer.session.timeout.ms=" + StatefulAppMain.SESSION_TIMEOUT_MS
                + (options.eosSettings().isEmpty() ? "" : ", set: " + new java.util.TreeMap<>(options.eosSettings())));
        out.println("  kafka-streams  exactly_once_v2, defaults (RocksDB store, changelog),"
                + " consumer.session.timeout.ms=" + StatefulAppMain.SESSION_TIMEOUT_MS);
        Map<String, List<Restart>> results = new LinkedHashMap<>();
        FRAMEWORKS.forEach(f -> results.put(f, new ArrayList<>()));
        try (BenchTopics topics = new BenchTopics(bootstrapServers)) {
            for (int rep = 0; rep < options.reps(); rep++) {
                for (int i = 0; i < FRAMEWORKS.size(); i++) {
                    String framework = FRAMEWORKS.get((rep + i) % FRAMEWORKS.size());
                    Restart restart = once(topics, framework, benchId + "-" + rep, log);
                    results.get(framework).add(restart);
                    out.printf(Locale.ROOT, "rep %d %-14s restart to all output %,7d ms, to RUNNING %,7d ms,"
                                    + " changelog records replayed %,d (store built in %.1f s)%n", rep, framework,
                            restart.toOutputMillis(), restart.toRunningMillis(), restart.restoredRecords(),
                            restart.buildMillis() / 1e3);
                }
            }
        }
        out.println();
        results.forEach((framework, runs) -> out.printf(Locale.ROOT,
                "%-14s median restart to all output %,7d ms  (each: %s)%n", framework,
                median(runs), runs.stream().map(r -> Long.toString(r.toOutputMillis())).toList()));
        out.printf(Locale.ROOT, "restore_%s: eos_ms=%d ks_ms=%d%n", CrashRestartRun.keysLabel(options.restoreKeys()),
                median(results.get(ResultTable.EOS)), median(results.get(ResultTable.KAFKA_STREAMS)));
    }

    private Restart once(BenchTopics topics, String framework, String runId, Path log) throws Exception {
        String input = "eos-bench-restore-in-" + framework + "-" + runId;
        String applicationId = "bench-restore-" + framework + "-" + runId;
        String output = "eos-bench-restore-out-" + framework + "-" + runId;
        Path stateDir = Files.createTempDirectory("eos-bench-restore-" + framework + "-");
        long keys = options.restoreKeys();
        List<String> argList = new ArrayList<>(List.of(framework, bootstrapServers, input, output, applicationId,
                stateDir.toString()));
        if (framework.equals(ResultTable.EOS)) {
            options.eosSettings().forEach((key, value) -> argList.add(key + "=" + value));
        }
        String[] args = argList.toArray(new String[0]);
        topics.create(input);
        topics.create(output);
        try {
            InputLoader.loadDistinctKeys(bootstrapServers, input, keys);
            // Step 1
            long buildStart = System.nanoTime(); // the store's build, not the input's load
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
            long buildMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - buildStart);
            // Step 3
            topics.awaitGroupEmpty(applicationId, GROUP_EMPTY_TIMEOUT_SECONDS);
            // Step 4
            try (CommittedOutputCounter markers = new CommittedOutputCounter(bootstrapServers, output,
                    Workload.PARTITIONS, WorkloadKind.COUNT.newProgress(), true)) {
                writeMarkers(input, runId);
                // Step 5
                try (AppProcess second = AppProcess.start(log, args)) {
                    await(markers, second, framework + " restarting");
                    long toOutput = markers.reachedAtEpochMillis() - second.startEpochMillis();
                    long toRunning = second.runningEpochMillis() == 0 ? -1
                            : second.runningEpochMillis() - second.startEpochMillis();
                    markers.awaitQuiet(1_000);
                    long restored = second.restoredRecords();
                    second.close();
                    markers.close();
                    // Step 6
                    CrashRestartRun.checkMarkers(markers, framework, runId);
                    return new Restart(framework, toOutput, toRunning, restored, buildMillis);
                }
            }
        } finally {
            topics.delete(input);
            topics.delete(output);
            topics.deleteStartingWith(applicationId);
            Directories.deleteRecursively(stateDir);
        }
    }

    private void await(CommittedOutputCounter counter, AppProcess app, String what) throws InterruptedException {
        CrashRestartRun.awaitOutput(counter, app, what, options.runTimeoutSeconds(), 200);
    }

    private void writeMarkers(String input, String runId) {
        CrashRestartRun.writeMarkers(bootstrapServers, input, runId);
    }

    private static long median(List<Restart> runs) {
        return CrashRestartRun.median(runs.stream().mapToLong(Restart::toOutputMillis));
    }
}
