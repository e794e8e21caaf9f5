package dev.eos.bench;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.jdbc.JdbcSink;
import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.sink.ExternalSinkFactory;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The workload {@code jdbc} of {@link ThroughputBenchmark}: rows per second an Eos app writes from
 * the pre-filled input topic into a PostgreSQL table through {@code eos-jdbc}, in its two modes,
 * interleaved in rounds like the other workloads:
 *
 * <ul>
 *   <li>{@code jdbc-upsert}: {@link JdbcSink#upsert}, {@code processing.guarantee=at_least_once};</li>
 *   <li>{@code jdbc-exactly-once}: {@link JdbcSink#exactlyOnce}, Eos' default guarantee; the next
 *       source offsets are written with the rows, in the same database transaction.</li>
 * </ul>
 *
 * Both write the same rows, {@code (id bigint primary key, user_key text, payload text)}, one per
 * input record (the id is the record's sequence number), upserted by {@code id}; every other
 * setting is the sink's and Eos' default. Per run:
 * <ol>
 *   <li>Create a fresh table; start the clock and the app ({@code stream(in).sinkTo(sink)}).</li>
 *   <li>Every 250 ms count the table's rows; stop the clock when there are N.</li>
 *   <li>Stop the app; check the table holds exactly N distinct ids and, for exactly-once, that the
 *       stored next offsets sum to N (every input consumed once); drop the tables.</li>
 * </ol>
 * Prints {@code jdbc_upsert_rows_per_s=U jdbc_exactly_once_rows_per_s=E}.
 */
final class JdbcSinkBenchmark {
    static final String UPSERT = "jdbc-upsert";
    static final String EXACTLY_ONCE = "jdbc-exactly-once";
    private static final long POLL_MILLIS = 250;

    private final BenchmarkOptions options;
    private final String bootstrapServers;
    private final String inputTopic;
    private final String benchId;
    private final CpuMeter cpu;
    private final PrintStream out;

    JdbcSinkBenchmark(BenchmarkOptions options, String bootstrapServers, String inputTopic, String benchId,
                      CpuMeter cpu, PrintStream out) {
        this.options = options;
        this.bootstrapServers = bootstrapServers;
        this.inputTopic = inputTopic;
        this.benchId = benchId.replace('-', '_');
        this.cpu = cpu;
        this.out = out;
    }

    void run() throws Exception {
        out.printf("Database %s as user %s; %d warm-up round(s), %d measured repetition(s)%n", options.jdbcUrl(),
                options.jdbcUser(), options.warmupRounds(), options.reps());
        List<String> modes = List.of(UPSERT, EXACTLY_ONCE);
        ResultTable table = new ResultTable(modes);
        int rounds = options.warmupRounds() + options.reps();
        for (int round = 0; round < rounds; round++) {
            boolean warmup = round < options.warmupRounds();
            for (int i = 0; i < modes.size(); i++) {
                String mode = modes.get((round + i) % modes.size());
                RunResult result = runOnce(mode, "eos_bench_" + benchId + "_" + round + "_"
                        + (mode.equals(UPSERT) ? "upsert" : "eo"));
                out.printf(Locale.ROOT, "%s round %d %-18s %,10.0f rows/s  %6.2f s  cpu %s  %s%n",
                        warmup ? "warm-up " : "measured", round, mode, result.recordsPerSecond(),
                        result.elapsedNanos() / 1e9, ThroughputBenchmark.cpuText(result.cpu()), result.details());
                if (!warmup) {
                    table.add(result);
                }
            }
        }
        out.println();
        table.printSummary(out);
        out.printf(Locale.ROOT, "jdbc_upsert_rows_per_s=%.0f jdbc_exactly_once_rows_per_s=%.0f%n",
                table.median(UPSERT), table.median(EXACTLY_ONCE));
    }

    private RunResult runOnce(String mode, String tableName) throws Exception {
        String applicationId = "bench-" + tableName.replace('_', '-');
        try (Connection db = DriverManager.getConnection(options.jdbcUrl(), options.jdbcUser(), "")) {
            // Step 1
            execute(db, "CREATE TABLE " + tableName + " (id BIGINT PRIMARY KEY, user_key TEXT, payload TEXT)");
            try {
                JdbcSinkSettings<String, String> settings = JdbcSinkSettings
                        .<String, String>forTable(tableName, r -> List.of(sequence(r.value()), r.key(), r.value()),
                                "id", "user_key", "payload")
                        .withKeyColumns("id")
                        .withUrl(options.jdbcUrl(), options.jdbcUser(), "")
                        .withOffsetsTable(tableName + "_offsets")
                        .withConsumerGroup(applicationId);
                ExternalSinkFactory<String, String> sink = mode.equals(UPSERT)
                        ? JdbcSink.upsert(settings) : JdbcSink.exactlyOnce(settings);
                PipelineBuilder builder = new PipelineBuilder();
                builder.stream(inputTopic, Consumed.with(Serdes.String(), Serdes.String())).sinkTo(sink);
                EosConfig config = EosConfig.builder()
                        .applicationId(applicationId)
                        .bootstrapServers(bootstrapServers)
                        .set(EosConfig.NUM_THREADS, options.eosThreads())
                        .set(EosConfig.PROCESSING_GUARANTEE, mode.equals(UPSERT) ? "at_least_once" : "exactly_once")
                        .build();
                CpuMeter.Reading cpuAtStart = cpu.read();
                long start = System.nanoTime();
                EosApp app = EosApp.create(builder.build(), config);
                long elapsed;
                CpuMeter.Reading cpuUsed;
                try {
                    app.start();
                    // Step 2
                    awaitRows(db, tableName, app, start);
                    elapsed = System.nanoTime() - start;
                    cpuUsed = cpu.read().since(cpuAtStart);
                } finally {
                    app.close(Duration.ofSeconds(30));
                }
                // Step 3
                long rows = queryLong(db, "SELECT count(*) FROM " + tableName);
                long distinct = queryLong(db, "SELECT count(DISTINCT id) FROM " + tableName);
                if (rows != options.records() || distinct != options.records()) {
                    throw new IllegalStateException(mode + " left " + rows + " rows (" + distinct + " distinct ids) in "
                            + tableName + ", expected " + options.records());
                }
                String details = "rows=" + rows;
                if (mode.equals(EXACTLY_ONCE)) {
                    long offsets = queryLong(db, "SELECT coalesce(sum(next_offset), 0) FROM " + tableName
                            + "_offsets");
                    if (offsets != options.records()) {
                        throw new IllegalStateException(mode + " stored next offsets summing to " + offsets
                                + ", expected " + options.records());
                    }
                    details += ", stored offsets sum=" + offsets;
                }
                return new RunResult(mode, options.records(), elapsed, rows, cpuUsed, details);
            } finally {
                execute(db, "DROP TABLE IF EXISTS " + tableName);
                execute(db, "DROP TABLE IF EXISTS " + tableName + "_offsets");
            }
        }
    }

    private void awaitRows(Connection db, String tableName, EosApp app, long start) throws Exception {
        long deadline = start + Duration.ofSeconds(options.runTimeoutSeconds()).toNanos();
        long rows;
        while ((rows = queryLong(db, "SELECT count(*) FROM " + tableName)) < options.records()) {
            if (app.state() == AppState.ERROR) {
                throw new IllegalStateException("The Eos app failed after " + rows + " rows: " + app.fatalError(),
                        app.fatalError());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Only " + rows + " of " + options.records() + " rows within "
                        + options.runTimeoutSeconds() + " s (--run-timeout-seconds)");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    /** The input value's sequence field, unique per input record. */
    private static Long sequence(String value) {
        return Workload.sequenceOf(value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void execute(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static long queryLong(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
