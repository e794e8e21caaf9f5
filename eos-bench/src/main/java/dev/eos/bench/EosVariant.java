package dev.eos.bench;

import dev.eos.AppMetrics;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.ProcessingGuarantee;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.Repartitioned;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Eos with its defaults, exactly once unless built with {@link ProcessingGuarantee#AT_LEAST_ONCE},
 * only {@code num.threads} chosen, running the {@link WorkloadKind}: the copy ({@code selectKey} +
 * {@code mapValues} + {@code to}), the count ({@code groupByKey().count(Materialized.as("counts"))},
 * RocksDB store, changelog) or the rekey (the copy with a {@code repartition} before
 * {@code mapValues}).
 */
final class EosVariant implements Variant {
    private final int threads;
    private final Map<String, String> extraSettings;
    private final WorkloadKind kind;
    private final ProcessingGuarantee guarantee;

    EosVariant(WorkloadKind kind, int threads, Map<String, String> extraSettings) {
        this(kind, ProcessingGuarantee.EXACTLY_ONCE, threads, extraSettings);
    }

    EosVariant(WorkloadKind kind, ProcessingGuarantee guarantee, int threads, Map<String, String> extraSettings) {
        this.kind = kind;
        this.guarantee = guarantee;
        this.threads = threads;
        this.extraSettings = Map.copyOf(extraSettings);
    }

    /** {@code eos}, or {@code eos-alos} at least once. */
    @Override
    public String name() {
        return guarantee == ProcessingGuarantee.EXACTLY_ONCE ? ResultTable.EOS : ResultTable.EOS_ALOS;
    }

    /** Read back from the config, so the report shows the defaults of the Eos version measured. */
    @Override
    public String settings() {
        EosConfig config = config("bench-eos-settings", "localhost:9092");
        String extra = extraSettings.isEmpty() ? "" : ", set: " + new TreeMap<>(extraSettings);
        return "Eos " + config.processingGuarantee().name().toLowerCase(Locale.ROOT) + ", num.threads=" + config.numThreads() + extra
                + ", otherwise Eos defaults: commit.interval.ms=" + config.commitInterval().toMillis()
                + " commit.min.interval.ms=" + config.commitMinInterval().toMillis()
                + " transaction.max.records=" + config.transactionMaxRecords()
                + " transaction.timeout.ms=" + config.transactionTimeout().toMillis();
    }

    @Override
    public Running start(RunSpec spec) throws IOException {
        return start(spec, pipeline(kind, spec.inputTopic(), spec.outputTopic()));
    }

    /** Starts {@code pipeline} with this variant's settings (for variants that build their own pipeline). */
    Running start(RunSpec spec, Pipeline pipeline) throws IOException {
        Path stateDir = Files.createTempDirectory("eos-bench-eos-");
        EosApp app = EosApp.create(pipeline, config("bench-" + spec.runId(), spec.bootstrapServers(), stateDir));
        app.start();
        return new RunningApp(app, stateDir, guarantee == ProcessingGuarantee.EXACTLY_ONCE);
    }

    /** The pipeline of {@code kind}, from {@code input} to {@code output}. */
    static Pipeline pipeline(WorkloadKind kind, String input, String output) {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> stream = builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()));
        if (kind == WorkloadKind.COPY) {
            stream.selectKey((key, value) -> Workload.newKey(value))
                    .mapValues(Workload::newValue)
                    .to(output, Produced.with(Serdes.String(), Serdes.String()));
        } else if (kind == WorkloadKind.REKEY) {
            stream.selectKey((key, value) -> Workload.newKey(value))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.String()))
                    .mapValues(Workload::newValue)
                    .to(output, Produced.with(Serdes.String(), Serdes.String()));
        } else {
            stream.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                    .count(Materialized.as(WorkloadKind.COUNT_STORE))
                    .toStream()
                    .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        }
        return builder.build();
    }

    private EosConfig config(String applicationId, String bootstrapServers) {
        return config(applicationId, bootstrapServers, Path.of(System.getProperty("java.io.tmpdir")));
    }

    private EosConfig config(String applicationId, String bootstrapServers, Path stateDir) {
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId)
                .bootstrapServers(bootstrapServers)
                .set(EosConfig.NUM_THREADS, threads)
                .set(EosConfig.PROCESSING_GUARANTEE, guarantee == ProcessingGuarantee.EXACTLY_ONCE
                        ? "exactly_once" : "at_least_once")
                .set(EosConfig.STATE_DIR, stateDir.toString());
        extraSettings.forEach(config::set);
        return config.build();
    }

    private static final class RunningApp implements Running {
        private final EosApp app;
        private final Path stateDir;
        private final boolean exactlyOnce;
        private AppMetrics metrics;

        RunningApp(EosApp app, Path stateDir, boolean exactlyOnce) {
            this.app = app;
            this.stateDir = stateDir;
            this.exactlyOnce = exactlyOnce;
        }

        @Override
        public Optional<Throwable> failure() {
            if (app.state() == AppState.ERROR) {
                return Optional.of(app.fatalError() != null ? app.fatalError()
                        : new IllegalStateException("the Eos app is in state ERROR"));
            }
            return Optional.empty();
        }

        @Override
        public boolean awaitRunning(Duration timeout) throws InterruptedException {
            return app.awaitState(AppState.RUNNING, timeout);
        }

        @Override
        public String details() {
            if (metrics == null || metrics.transactionsCommitted() == 0) {
                return "";
            }
            return String.format("%s=%d (%d records each on average), aborted=%d",
                    exactlyOnce ? "transactions" : "commits", metrics.transactionsCommitted(), metrics.recordsCommitted() / metrics.transactionsCommitted(),
                    metrics.transactionsAborted());
        }

        @Override
        public void close() {
            app.close(Duration.ofSeconds(30));
            metrics = app.metrics();
            Directories.deleteRecursively(stateDir);
        }
    }
}
