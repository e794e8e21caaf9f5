package dev.eos.bench;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.StateListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * The count of {@link WorkloadKind#COUNT} in a JVM of its own, so that {@link RestoreBenchmark}
 * can crash it with SIGKILL: nothing is closed, flushed or checkpointed, as in a real crash.
 * Runs until killed, or until stdin closes (then it closes the app cleanly).
 *
 * <pre>{@code
 * java -cp <classpath> dev.eos.bench.StatefulAppMain eos|kafka-streams BOOTSTRAP INPUT OUTPUT APP_ID STATE_DIR \
 *     [EOS_KEY=VALUE...]
 * START 1763779200123        (epoch ms, just before the app starts)
 * RESTORED 1000000           (changelog records replayed so far, after each store partition restored)
 * RUNNING 1763779201456      (epoch ms, the first time the app reports RUNNING)
 * }</pre>
 *
 * <p>Both frameworks get a 6 s consumer session timeout (the broker's minimum) so that the
 * killed instance leaves the group soon; nothing else differs from the throughput variants. The
 * pseudo-setting {@value #KAFKA_SESSION_DEFAULTS} (for {@link RestartBenchmark}) keeps Kafka's
 * default session timeout for both instead.
 */
public final class StatefulAppMain {
    static final String START = "START ";
    static final String RUNNING = "RUNNING ";
    static final String RESTORED = "RESTORED ";
    static final String SESSION_TIMEOUT_MS = "6000";
    /** An argument that keeps Kafka's default session timeout (no override) for either framework. */
    static final String KAFKA_SESSION_DEFAULTS = "bench.session.timeout=default";

    private StatefulAppMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6) {
            System.err.println("Usage: StatefulAppMain eos|kafka-streams BOOTSTRAP INPUT OUTPUT APP_ID STATE_DIR"
                    + " [EOS_KEY=VALUE...]");
            System.exit(2);
        }
        String framework = args[0];
        String bootstrap = args[1];
        String input = args[2];
        String output = args[3];
        String applicationId = args[4];
        Path stateDir = Path.of(args[5]);
        Map<String, String> eosSettings = new LinkedHashMap<>();
        boolean shortSession = true;
        for (int i = 6; i < args.length; i++) {
            if (args[i].equals(KAFKA_SESSION_DEFAULTS)) {
                shortSession = false;
                continue;
            }
            int eq = args[i].indexOf('=');
            eosSettings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        AutoCloseable app = framework.equals(ResultTable.EOS)
                ? startEos(bootstrap, input, output, applicationId, stateDir, eosSettings, shortSession)
                : startKafkaStreams(bootstrap, input, output, applicationId, stateDir, shortSession);
        waitForEndOfInput(System.in);
        app.close();
        System.exit(0);
    }

    private static AutoCloseable startEos(String bootstrap, String input, String output, String applicationId,
                                          Path stateDir, Map<String, String> extraSettings, boolean shortSession) {
        EosConfig.Builder builder = EosConfig.builder()
                .applicationId(applicationId)
                .bootstrapServers(bootstrap)
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .set(EosConfig.INSTANCE_ID, "restore-bench"); // stable across restarts, as deployed
        if (shortSession) {
            builder.set("consumer.session.timeout.ms", SESSION_TIMEOUT_MS);
        }
        extraSettings.forEach(builder::set);
        EosConfig config = builder.build();
        EosApp app = EosApp.create(EosVariant.pipeline(WorkloadKind.COUNT, input, output), config);
        AtomicBoolean running = new AtomicBoolean();
        AtomicLong restored = new AtomicLong();
        app.setStateListener(new StateListener() {
            @Override
            public void onChange(AppState newState, AppState oldState) {
                if (newState == AppState.RUNNING && running.compareAndSet(false, true)) {
                    say(RUNNING + System.currentTimeMillis());
                }
            }

            @Override
            public void onRestore(RestoreProgress progress) {
                if (progress.done()) {
                    say(RESTORED + restored.addAndGet(progress.restored()));
                }
            }
        });
        say(START + System.currentTimeMillis());
        app.start();
        return () -> app.close(Duration.ofSeconds(30));
    }

    private static AutoCloseable startKafkaStreams(String bootstrap, String input, String output,
                                                   String applicationId, Path stateDir, boolean shortSession) {
        Properties props = KafkaStreamsVariant.properties(applicationId, bootstrap, stateDir);
        if (shortSession) {
            props.put(StreamsConfig.consumerPrefix("session.timeout.ms"), SESSION_TIMEOUT_MS);
        }
        KafkaStreams streams = new KafkaStreams(KafkaStreamsVariant.topology(WorkloadKind.COUNT, input, output),
                props);
        AtomicBoolean running = new AtomicBoolean();
        AtomicLong restored = new AtomicLong();
        streams.setStateListener((newState, oldState) -> {
            if (newState == KafkaStreams.State.RUNNING && running.compareAndSet(false, true)) {
                say(RUNNING + System.currentTimeMillis());
            }
        });
        streams.setGlobalStateRestoreListener(new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long batchEnd, long batchSize) {
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                say(RESTORED + restored.addAndGet(totalRestored));
            }
        });
        say(START + System.currentTimeMillis());
        streams.start();
        return () -> streams.close(Duration.ofSeconds(30));
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) != -1) {
            // only the end of stdin matters
        }
    }
}
