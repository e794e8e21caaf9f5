package dev.eos.examples.demo;

import dev.eos.AppMetrics;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The first thing to run: a generated click stream processed exactly once on a real Kafka
 * broker, then checked by reading the output as a read_committed consumer.
 *
 * <p>Run it with {@code mvn -B -q -Pdemo -DskipTests -pl eos-examples -am package}; pass
 * {@code -Ddemo.args="--bootstrap-servers host:9092"} to use your own cluster.
 */
public final class ExactlyOnceDemo {
    private static final int USERS = 1_000;

    private ExactlyOnceDemo() {
    }

    /** The pipeline under demonstration: drop health checks, tag the rest, keep the user key. */
    static PipelineBuilder pipeline(String input, String output) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .filterNot((user, click) -> click.startsWith("/health"))
                .mapValues(ExactlyOnceDemo::process)
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        return builder;
    }

    static String process(String click) {
        return click + ";processed";
    }

    static String click(int seq) {
        return (seq % 20 == 0 ? "/health" : "/page/" + (seq % 37)) + "?seq=" + seq;
    }

    public static void main(String[] args) throws Exception {
        DemoOptions options = DemoOptions.parse(args);
        EmbeddedKafkaCluster embedded = null;
        String bootstrap = options.bootstrapServers();
        if (bootstrap == null) {
            System.out.println("Starting an embedded Kafka broker (KRaft, in-process, loopback)...");
            embedded = EmbeddedKafkaCluster.start();
            bootstrap = embedded.bootstrapServers();
        }
        try {
            boolean ok = run(bootstrap, options);
            System.exit(ok ? 0 : 1);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    static boolean run(String bootstrap, DemoOptions options) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String input = "eos-demo-clicks-" + runId;
        String output = "eos-demo-processed-" + runId;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(input, options.partitions(), (short) 1),
                    new NewTopic(output, options.partitions(), (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        System.out.printf("Kafka at %s; topics %s -> %s, %d partitions%n", bootstrap, input, output, options.partitions());

        EosConfig config = EosConfig.builder()
                .applicationId("eos-demo-" + runId)
                .bootstrapServers(bootstrap)
                .set(EosConfig.INSTANCE_ID, "demo-instance")
                .build();
        EosApp app = EosApp.create(pipeline(input, output).build(), config);
        app.setStateListener((now, before) -> System.out.printf("  app state %s -> %s%n", before, now));
        app.start();

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        Thread generator = new Thread(() -> generate(bootstrap, input, options.records(), expected), "generator");
        long started = System.nanoTime();
        generator.start();

        int total = options.records();
        long lastPrint = 0;
        while (app.metrics().recordsCommitted() < total) {
            if (app.state() == AppState.ERROR) {
                System.out.println("The app failed: " + app.fatalError());
                app.close();
                return false;
            }
            long now = System.nanoTime();
            if (now - lastPrint > TimeUnit.SECONDS.toNanos(1)) {
                printProgress(app.metrics(), total, now - started);
                lastPrint = now;
            }
            Thread.sleep(50);
        }
        generator.join();
        printProgress(app.metrics(), total, System.nanoTime() - started);
        app.close(Duration.ofSeconds(30));

        System.out.println("Reading " + output + " as a read_committed consumer to verify...");
        List<ConsumerRecord<byte[], byte[]>> records = CommittedReader.readAll(Map.of("bootstrap.servers", bootstrap),
                output, n -> n >= expected.size(), Duration.ofSeconds(60));
        List<Map.Entry<String, String>> actual = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            actual.add(Map.entry(new String(r.key(), StandardCharsets.UTF_8), new String(r.value(), StandardCharsets.UTF_8)));
        }
        VerificationReport report = ExactlyOnceVerifier.verify(total, expected, actual);
        if (!report.problems().isEmpty()) {
            System.out.println(report.describe());
        }
        System.out.println((report.isExactlyOnce() ? "VERIFIED: " : "FAILED: ") + report.summaryLine()
                + " (" + (total - expected.size()) + " health checks filtered out)");
        return report.isExactlyOnce();
    }

    private static void generate(String bootstrap, String topic, int count, List<Map.Entry<String, String>> expected) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            for (int seq = 0; seq < count; seq++) {
                String user = "user-" + (seq % USERS);
                String click = click(seq);
                producer.send(new ProducerRecord<>(topic, user, click));
                if (!click.startsWith("/health")) {
                    synchronized (expected) {
                        expected.add(Map.entry(user, process(click)));
                    }
                }
            }
            producer.flush();
        }
    }

    private static void printProgress(AppMetrics m, int total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        System.out.printf("  %,d / %,d input records committed (%.0f%%) in %,d transactions, %.1f s, %,.0f records/s%n",
                m.recordsCommitted(), total, 100.0 * m.recordsCommitted() / total, m.transactionsCommitted(),
                seconds, m.recordsCommitted() / Math.max(seconds, 0.001));
    }
}
