package dev.eos.jdbc.it;

import dev.eos.it.ChildMain;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.jdbc.JdbcSink;
import dev.eos.jdbc.JdbcSinkSettings;
import dev.eos.jdbc.Postgres;
import java.time.Duration;
import java.util.List;
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
                .peek((k, v) -> ChildMain.throttle(seen.incrementAndGet(), recordsPerMs));
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
        ChildMain.run(app);
    }
}
