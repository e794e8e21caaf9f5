package dev.eos.it;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The child of {@link StaticMembershipRestartIT}: {@code groupByKey().count()} into a RocksDB
 * store, every new count written to the output, with a session timeout far longer than the test
 * waits (so only static membership can make a restart resume in time).
 *
 * <p>Usage: {@code StaticMemberCountMain <bootstrap> <in> <out> <instanceId|random> <stateDir>
 * <groupProtocol> <recordsPerMs>}. {@code random} leaves {@code instance.id} unset (dynamic
 * membership). Under the classic protocol the consumer's {@code session.timeout.ms} is
 * {@value #SESSION_TIMEOUT_MS}; under the consumer protocol the broker decides it (the test sets
 * {@code group.consumer.session.timeout.ms}). Prints READY once RUNNING ({@link ChildMain#run}).
 */
public final class StaticMemberCountMain {
    static final int SESSION_TIMEOUT_MS = 120_000;

    private StaticMemberCountMain() {
    }

    static String applicationId(String inputTopic) {
        return inputTopic + "-app";
    }

    /** The count pipeline; {@code recordsPerMs} &gt; 0 slows it down so that kills land mid-transaction. */
    static Pipeline countPipeline(String in, String out, int recordsPerMs) {
        Serde<String> strings = Serdes.String();
        AtomicLong seen = new AtomicLong();
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(strings, strings))
                .peek((key, value) -> ChildMain.throttle(seen.incrementAndGet(), recordsPerMs))
                .groupByKey(Grouped.with(strings, strings))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(strings, Serdes.Long()));
        return builder.build();
    }

    /** The config of an instance; {@code instanceId} null means dynamic membership. */
    static EosConfig config(String bootstrap, String in, String instanceId, String stateDir, String protocol) {
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId(in))
                .bootstrapServers(bootstrap)
                .set(EosConfig.STATE_DIR, stateDir)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set("consumer.group.protocol", protocol);
        if (instanceId != null) {
            config.set(EosConfig.INSTANCE_ID, instanceId);
        }
        if (protocol.equals("classic")) {
            config.set("consumer.session.timeout.ms", SESSION_TIMEOUT_MS);
        }
        return config.build();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: StaticMemberCountMain <bootstrap> <in> <out> <instanceId|random> <stateDir> "
                    + "<groupProtocol> <recordsPerMs>");
            System.exit(64);
        }
        String instanceId = args[3].equals("random") ? null : args[3];
        EosApp app = EosApp.create(countPipeline(args[1], args[2], Integer.parseInt(args[6])),
                config(args[0], args[1], instanceId, args[4], args[5]));
        ChildMain.run(app);
    }
}
