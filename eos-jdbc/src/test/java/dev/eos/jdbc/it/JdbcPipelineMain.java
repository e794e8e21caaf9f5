package dev.eos.jdbc.it;

import dev.eos.it.ChildPipeline;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.StateListener;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.jdbc.JdbcSink;
import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.jdbc.Postgres;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The pipeline the JDBC ITs run in a child JVM (and kill with SIGKILL). Input records are user
 * events: key = user, value = a unique event id. Two modes:
 * <ul>
 *   <li>{@code upsert}: {@code processing.guarantee=at_least_once}; every event goes to the
 *       output topic and is upserted by event id into {@code <table> (event_id PK, user_key)}.</li>
 *   <li>{@code exactly-once}: the default guarantee; every event is appended with a plain
 *       {@code INSERT} into {@code <table> (event_id, user_key)} (no key: a duplicate would
 *       show), the offsets stored in {@code <table>_offsets}.</li>
 * </ul>
 * Usage: {@code JdbcPipelineMain <bootstrap> <in> <out> <mode> <table> <recordsPerMs> <retryTimeoutMs>}.
 * Prints {@value #READY} once RUNNING; runs until killed, its stdin closes, or SIGTERM.
 */
public final class JdbcPipelineMain {
    static final String READY = dev.eos.it.ChildPipeline.READY;

    private JdbcPipelineMain() {
    }

    static String applicationId(String in) {
        return in + "-jdbc-app";
    }

    public static void main(String[] args) throws Exception {
        String in = args[1];
        String out = args[2];
        String mode = args[3];
        String table = args[4];
        int recordsPerMs = Integer.parseInt(args[5]);
        Duration retryTimeout = Duration.ofMillis(Long.parseLong(args[6]));
        Serde<String> strings = Serdes.String();
        AtomicLong seen = new AtomicLong();

        // tag::settings[]
        JdbcSinkSettings<String, String> settings = JdbcSinkSettings
                .<String, String>forTable(table, r -> List.of(r.value(), r.key()), "event_id", "user_key")
                .withUrl(Postgres.URL, Postgres.USER, "")
                .withRetries(retryTimeout, Duration.ofMillis(50))
                .withOffsetsTable(table + "_offsets")
                .withConsumerGroup(applicationId(in));
        // end::settings[]
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> events = builder.stream(in, Consumed.with(strings, strings))
                .peek((k, v) -> throttle(seen.incrementAndGet(), recordsPerMs));
        EosConfig.Builder config = EosConfig.builder()
                .applicationId(applicationId(in))
                .bootstrapServers(args[0])
                .set(EosConfig.INSTANCE_ID, "instance-a")
                .set(EosConfig.NUM_THREADS, 2)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set("consumer.session.timeout.ms", 2000)
                .set("consumer.heartbeat.interval.ms", 500);
        if (mode.equals("upsert")) {
            // tag::upsert[]
            events.to(out, Produced.with(strings, strings));
            events.sinkTo(JdbcSink.upsert(settings.withKeyColumns("event_id")));
            config.set(EosConfig.PROCESSING_GUARANTEE, "at_least_once");
            // end::upsert[]
        } else {
            // tag::exactly-once[]
            events.sinkTo(JdbcSink.exactlyOnce(settings));
            // end::exactly-once[]
        }

        EosApp app = EosApp.create(builder.build(), config.build());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean ready = new AtomicBoolean();
        app.setStateListener(new StateListener() {
            @Override
            public void onChange(AppState now, AppState before) {
                if (now == AppState.RUNNING && ready.compareAndSet(false, true)) {
                    System.out.println(READY);
                    System.out.flush();
                }
                if (now == AppState.ERROR || now == AppState.CLOSED) {
                    stopped.countDown();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close(Duration.ofSeconds(10))));
        Thread orphanWatch = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // EOF: the test JVM is gone
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            System.exit(3);
        }, "orphan-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        app.start();
        stopped.await();
        System.exit(app.state() == AppState.ERROR ? 2 : 0);
    }

    private static void throttle(long n, int recordsPerMs) {
        if (recordsPerMs > 0 && n % recordsPerMs == 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
