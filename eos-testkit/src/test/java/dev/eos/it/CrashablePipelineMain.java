package dev.eos.it;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The pipeline {@link CrashRecoveryIT} runs in a child JVM and kills with SIGKILL: user events in,
 * {@link #transform(String)} of each value out, under the key it came with. Slowed down a little
 * so that a kill lands in the middle of the work, with a transaction open.
 *
 * <p>Usage: {@code CrashablePipelineMain <bootstrap> <in> <out> <instanceId|random> [transaction.timeout.ms]}.
 * The application id is {@code <in>-app}. Prints {@value #READY} on stdout once RUNNING; runs
 * until killed, until its stdin closes (the test JVM died) or, on SIGTERM, closes cleanly.
 */
public final class CrashablePipelineMain {
    public static final String READY = ChildPipeline.READY;
    /** Sleep 1 ms every this many records: at most a few thousand records a second. */
    private static final int RECORDS_PER_MILLISECOND = 4;

    private CrashablePipelineMain() {
    }

    static String applicationId(String inputTopic) {
        return inputTopic + "-app";
    }

    static String transform(String value) {
        return value + ":done";
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: CrashablePipelineMain <bootstrap> <in> <out> <instanceId|random> "
                    + "[transaction.timeout.ms]");
            System.exit(64);
        }
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        String instanceId = args[3];
        Serde<String> strings = Serdes.String();
        AtomicLong seen = new AtomicLong();

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(strings, strings))
                .peek((key, value) -> throttle(seen.incrementAndGet()))
                .mapValues(CrashablePipelineMain::transform)
                .to(out, Produced.with(strings, strings));
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId(in))
                .bootstrapServers(bootstrap)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                // A killed member leaves the group after its session timeout; keep restarts quick.
                .set("consumer.session.timeout.ms", 2000)
                .set("consumer.heartbeat.interval.ms", 500);
        if (!"random".equals(instanceId)) {
            config.set(EosConfig.INSTANCE_ID, instanceId);
        }
        if (args.length > 4) {
            config.set(EosConfig.TRANSACTION_TIMEOUT_MS, Long.parseLong(args[4]));
        }

        EosApp app = EosApp.create(builder.build(), config.build());
        ChildMain.run(app);
    }

    private static void throttle(long n) {
        ChildMain.throttle(n, RECORDS_PER_MILLISECOND);
    }
}
