package dev.eos.it;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The pipeline {@link RepartitionCrashRecoveryIT} runs in a child JVM and kills with SIGKILL: the
 * input is grouped by its <em>value</em> ({@code groupBy}), which moves every record through the
 * repartition topic {@code <application.id>-}{@value #REPARTITION}{@code -repartition}, and counted
 * into the store {@value #STORE}; every new count is written to the output topic under the value.
 *
 * <p>Usage: {@code RepartitionCountMain <bootstrap> <in> <out> <instanceId> <stateDir> <recordsPerMs> <commitIntervalMs>}.
 * {@code recordsPerMs} &gt; 0 sleeps 1 ms every that many input records (before the hop), so
 * that kills land with a transaction open. The application id is {@code <in>-app}. Repartition
 * records are not purged while the test runs (it reads the topic afterwards, aborted records too).
 *
 * <p>Prints {@value #READY} on stdout once RUNNING and {@code RESTORED <store> <partition> <records>}
 * for every store shard restored. Runs until killed, until its stdin closes (the test JVM died)
 * or, on SIGTERM, closes cleanly.
 */
public final class RepartitionCountMain {
    static final String READY = CrashablePipelineMain.READY;
    static final String STORE = "counts";
    static final String REPARTITION = "by-value";

    private RepartitionCountMain() {
    }

    static String applicationId(String inputTopic) {
        return inputTopic + "-app";
    }

    static String repartitionTopic(String inputTopic) {
        return applicationId(inputTopic) + "-" + REPARTITION + "-repartition";
    }

    static String changelogTopic(String inputTopic) {
        return applicationId(inputTopic) + "-" + STORE + "-changelog";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: RepartitionCountMain <bootstrap> <in> <out> <instanceId> <stateDir> "
                    + "<recordsPerMs> <commitIntervalMs>");
            System.exit(64);
        }
        String in = args[1];
        String out = args[2];
        int recordsPerMs = Integer.parseInt(args[5]);
        long commitIntervalMs = Long.parseLong(args[6]);
        Serde<String> strings = Serdes.String();
        AtomicLong seen = new AtomicLong();

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(strings, strings))
                .peek((key, value) -> ChildMain.throttle(seen.incrementAndGet(), recordsPerMs))
                .groupBy((key, value) -> value, Grouped.with(strings, strings).withName(REPARTITION))
                .count(Materialized.as(STORE))
                .toStream()
                .to(out, Produced.with(strings, Serdes.Long()));
        EosConfig config = EosConfig.builder()
                .applicationId(applicationId(in))
                .bootstrapServers(args[0])
                .set(EosConfig.INSTANCE_ID, args[3])
                .set(EosConfig.STATE_DIR, args[4])
                .set(EosConfig.COMMIT_INTERVAL_MS, commitIntervalMs)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, commitIntervalMs + 20_000)
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 3_600_000)
                // A killed member leaves the group after its session timeout; keep restarts quick.
                .set("consumer.session.timeout.ms", 2000)
                .set("consumer.heartbeat.interval.ms", 500)
                // Small fetches: the consumer hands out buffered records partition by partition, so
                // with a large input backlog the repartition topic would wait until the input is drained.
                // Small buffers interleave the two sub-topologies, so that kills land while both write.
                .set("consumer.max.partition.fetch.bytes", 4096)
                .build();

        EosApp app = EosApp.create(builder.build(), config);
        ChildMain.run(app);
    }
}
