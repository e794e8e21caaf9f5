package dev.eos.it;

import dev.eos.AppMetrics;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The stateful pipeline that {@link StatefulCrashRecoveryIT} and {@link StatefulRestoreIT} run in
 * a child JVM and kill with SIGKILL: {@code groupByKey().count()} into the store
 * {@value #STORE}, every new count written to the output topic under its key.
 *
 * <p>Usage: {@code StatefulCountMain <bootstrap> <in> <out> <instanceId> <stateDir> <recordsPerMs> <commitIntervalMs>
 * [key=value ...]}.
 * {@code recordsPerMs} &gt; 0 sleeps 1 ms every that many records (so that kills land with a
 * transaction open); 0 runs at full speed. The application id is {@code <in>-app}. Any further
 * arguments {@code key=value} are set on the {@link EosConfig} last, over the values above (for
 * example {@code transaction.timeout.ms=60000}).
 *
 * <p>Prints on stdout: {@value #READY} once RUNNING; {@code RESTORED <store> <partition> <records>}
 * when the restoration of a store shard is done; {@code METRICS committed=<n> restored=<n>}
 * whenever {@link AppMetrics} changed (checked every 50 ms). Runs until killed, until its stdin
 * closes (the test JVM died) or, on SIGTERM, closes cleanly.
 */
public final class StatefulCountMain {
    static final String READY = CrashablePipelineMain.READY;
    static final String STORE = "counts";
    static final String RESTORED = ChildMain.RESTORED;
    static final String METRICS = "METRICS";

    private StatefulCountMain() {
    }

    static String applicationId(String inputTopic) {
        return inputTopic + "-app";
    }

    static String changelogTopic(String inputTopic) {
        return applicationId(inputTopic) + "-" + STORE + "-changelog";
    }

    /** The changelog records the child reported restored, summed over its {@code RESTORED} lines. */
    static long restoredRecords(List<String> stdout) {
        return stdout.stream().filter(l -> l.startsWith(RESTORED + " "))
                .mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** The partitions whose restoration the child reported done. */
    static Set<Integer> restoredPartitions(List<String> stdout) {
        Set<Integer> out = new TreeSet<>();
        stdout.stream().filter(l -> l.startsWith(RESTORED + " "))
                .forEach(l -> out.add(Integer.parseInt(l.split(" ")[2])));
        return out;
    }

    /** The last {@code METRICS} value of {@code name} ({@code committed} or {@code restored}), or -1. */
    static long lastMetric(List<String> stdout, String name) {
        for (int i = stdout.size() - 1; i >= 0; i--) {
            String line = stdout.get(i);
            if (line.startsWith(METRICS + " ")) {
                for (String part : line.split(" ")) {
                    if (part.startsWith(name + "=")) {
                        return Long.parseLong(part.substring(name.length() + 1));
                    }
                }
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: StatefulCountMain <bootstrap> <in> <out> <instanceId> <stateDir> "
                    + "<recordsPerMs> <commitIntervalMs> [key=value ...]");
            System.exit(64);
        }
        String in = args[1];
        String out = args[2];
        int recordsPerMs = Integer.parseInt(args[5]);
        Serde<String> strings = Serdes.String();
        AtomicLong seen = new AtomicLong();

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(strings, strings))
                .peek((key, value) -> ChildMain.throttle(seen.incrementAndGet(), recordsPerMs))
                .groupByKey(Grouped.with(strings, strings))
                .count(Materialized.as(STORE))
                .toStream()
                .to(out, Produced.with(strings, Serdes.Long()));
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId(in))
                .bootstrapServers(args[0])
                .set(EosConfig.INSTANCE_ID, args[3])
                .set(EosConfig.STATE_DIR, args[4])
                .set(EosConfig.COMMIT_INTERVAL_MS, Long.parseLong(args[6]))
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, Long.parseLong(args[6]) + 20_000)
                // A killed member leaves the group after its session timeout; keep restarts quick.
                .set("consumer.session.timeout.ms", 2000)
                .set("consumer.heartbeat.interval.ms", 500);
        for (int i = 7; i < args.length; i++) {
            String[] keyValue = args[i].split("=", 2);
            config.set(keyValue[0], keyValue[1]);
        }

        EosApp app = EosApp.create(builder.build(), config.build());
        ChildMain.daemon("metrics-printer", () -> {
            AppMetrics last = null;
            while (true) {
                AppMetrics m = app.metrics();
                if (!m.equals(last)) {
                    ChildMain.print(METRICS + " committed=" + m.recordsCommitted() + " restored=" + m.changelogRecordsRestored());
                    last = m;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        ChildMain.run(app);
    }
}
