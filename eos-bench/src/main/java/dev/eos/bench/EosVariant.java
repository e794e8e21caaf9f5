package dev.eos.bench;

import dev.eos.AppMetrics;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Eos with its defaults: {@code selectKey} + {@code mapValues} + {@code to}, exactly once, only
 * {@code num.threads} chosen.
 */
final class EosVariant implements Variant {
    private final int threads;
    private final Map<String, String> extraSettings;

    EosVariant(int threads, Map<String, String> extraSettings) {
        this.threads = threads;
        this.extraSettings = Map.copyOf(extraSettings);
    }

    @Override
    public String name() {
        return ResultTable.EOS;
    }

    /** Read back from the config, so the report shows the defaults of the Eos version measured. */
    @Override
    public String settings() {
        EosConfig config = config("bench-eos-settings", "localhost:9092");
        String extra = extraSettings.isEmpty() ? "" : ", set: " + new TreeMap<>(extraSettings);
        return "Eos " + config.processingGuarantee().name().toLowerCase(Locale.ROOT) + ", num.threads=" + config.numThreads() + extra
                + ", otherwise Eos defaults: commit.interval.ms=" + config.commitInterval().toMillis()
                + " transaction.max.records=" + config.transactionMaxRecords()
                + " transaction.timeout.ms=" + config.transactionTimeout().toMillis();
    }

    @Override
    public Running start(RunSpec spec) throws InterruptedException {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(spec.inputTopic(), Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((key, value) -> Workload.newKey(value))
                .mapValues(Workload::newValue)
                .to(spec.outputTopic(), Produced.with(Serdes.String(), Serdes.String()));
        EosApp app = EosApp.create(builder.build(), config("bench-eos-" + spec.runId(), spec.bootstrapServers()));
        app.start();
        return new RunningApp(app);
    }

    private EosConfig config(String applicationId, String bootstrapServers) {
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId)
                .bootstrapServers(bootstrapServers)
                .set(EosConfig.NUM_THREADS, threads);
        extraSettings.forEach(config::set);
        return config.build();
    }

    private static final class RunningApp implements Running {
        private final EosApp app;
        private AppMetrics metrics;

        RunningApp(EosApp app) {
            this.app = app;
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
        public String details() {
            if (metrics == null || metrics.transactionsCommitted() == 0) {
                return "";
            }
            return String.format("transactions=%d (%d records each on average), aborted=%d",
                    metrics.transactionsCommitted(), metrics.recordsCommitted() / metrics.transactionsCommitted(),
                    metrics.transactionsAborted());
        }

        @Override
        public void close() {
            app.close(Duration.ofSeconds(30));
            metrics = app.metrics();
        }
    }
}
