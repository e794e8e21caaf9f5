package dev.eos.examples.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.it.ChildPipeline;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.registry.EmbeddedSchemaRegistry;
import dev.eos.testkit.verify.CommittedReader;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The versioned-topic bridge and the schema-evolution demo on the embedded broker and the
 * embedded schema registry: the bridge, killed with SIGKILL mid-run and restarted, writes every
 * v1 order to orders.v2 exactly once, up-cast; the demo refuses the breaking v3 and verifies.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OrdersV1ToV2BridgeIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("group.min.session.timeout.ms", "1000")
            .withBrokerConfig("transaction.abort.timed.out.transaction.cleanup.interval.ms", "500");

    private static final int ORDERS = 6_000;
    private static final int PARTITIONS = 3;
    /** Kill the bridge once this share of the orders is committed in orders.v2, then restart it. */
    private static final double[] KILL_AT = {0.2, 0.45, 0.7};
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(90);

    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(KAFKA.cluster());
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void shouldBridgeEveryOrderOfBothV1VersionsOnceAcrossKillsOfTheBridge() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String v1Topic = KAFKA.uniqueTopic("orders.v1");
        String v2Topic = KAFKA.uniqueTopic("orders.v2");
        kafka.createTopic(v1Topic, PARTITIONS);
        kafka.createTopic(v2Topic, PARTITIONS);
        Map<String, Object> serdes = registry.serdeConfig();
        OrderUpcaster upcaster = new OrderUpcaster(OrderSchemas.ordersV2());
        List<Map.Entry<String, String>> expected = new ArrayList<>();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(serdes))) {
            client.register(v1Topic + "-value", OrderSchemas.ordersV1(1));
            client.register(v1Topic + "-value", OrderSchemas.ordersV1(2));
            client.register(v2Topic + "-value", OrderSchemas.ordersV2());
            for (int version = 1; version <= 2; version++) {
                int from = (version - 1) * ORDERS / 2;
                OrderProducer.send(kafka.bootstrapServers(), serdes, v1Topic, OrderSchemas.ordersV1(version), from,
                        from + ORDERS / 2).forEach(order -> expected.add(
                        Map.entry(order.getKey(), upcaster.upcast(order.getValue()).toString())));
            }

            List<Long> committedAtKill = crashLoop(v1Topic, v2Topic);

            ReaderSchemaDecoder v2Reader = new ReaderSchemaDecoder(client, OrderSchemas.ordersV2());
            List<Map.Entry<String, String>> actual = new ArrayList<>();
            List<GenericRecord> samples = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedReader.readAllOrFail(kafka.clientConfig(), v2Topic,
                    n -> n >= ORDERS, Duration.ofSeconds(60))) {
                GenericRecord order = v2Reader.decode(r.value());
                samples.add(order);
                actual.add(Map.entry(new String(r.key(), StandardCharsets.UTF_8), order.toString()));
            }
            VerificationReport report = ExactlyOnceVerifier.verify(ORDERS, expected, actual);
            assertThat(report.isExactlyOnce()).as(report::describe).isTrue();
            assertThat(report.duplicates()).isZero();
            assertThat(report.missing()).isZero();
            assertThat(committedAtKill).as("committed orders in orders.v2 when each kill came")
                    .allSatisfy(n -> assertThat(n).isBetween(1L, (long) ORDERS - 1));
            assertThat(samples).anySatisfy(o -> assertThat(o.get("coupon")).isNotNull())
                    .anySatisfy(o -> assertThat(o.get("currency").toString()).isEqualTo("OTHER"));
        }
    }

    @Test
    void demo_shouldRefuseTheBreakingV3NamingSubjectRuleAndFieldAndVerifyTheBridge() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String suffix = "-" + KAFKA.uniqueTopic("demo");

        boolean ok = SchemaEvolutionDemo.run(kafka.bootstrapServers(), registry.serdeConfig(), suffix,
                SchemaDemoOptions.parse("--orders", "300"), new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(output).isTrue();
        assertThat(output)
                .contains("3. Old consumer (reader schema v1) read 200 orders, 100 written with v1 and 100 with v2")
                .contains("coupon null (the default) in all 100 v1 orders")
                .containsPattern("(?s)REFUSED: .*orders\\.v1" + suffix.replace(".", "\\.") + "-value.*FULL.*channel")
                .contains("VERIFIED: bridge orders.v1" + suffix + " -> orders.v2" + suffix
                        + ": in 300, out 300, unexpected 0, order violations 0, duplicates 0, missing 0");
    }

    /**
     * Runs the bridge in a child JVM {@code KILL_AT.length} times killed with SIGKILL once orders.v2
     * holds the next share of the orders, then once more until it holds all, then stops it.
     *
     * @return the committed output count seen just before each kill
     */
    private static List<Long> crashLoop(String v1Topic, String v2Topic) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        List<Long> atKill = new ArrayList<>();
        try (CommittedCount output = new CommittedCount(v2Topic)) {
            for (int run = 0; run <= KILL_AT.length; run++) {
                try (ChildPipeline child = ChildPipeline.start(v1Topic + "-bridge-run-" + run, BridgeChildMain.class,
                        kafka.bootstrapServers(), registry.url(), v1Topic, v2Topic)) {
                    child.awaitReady(READY_TIMEOUT);
                    long target = run == KILL_AT.length ? ORDERS : (long) (ORDERS * KILL_AT[run]);
                    long committed = output.awaitAtLeast(target, child);
                    if (run == KILL_AT.length) {
                        child.stop();
                    } else {
                        child.kill();
                        atKill.add(committed);
                    }
                }
            }
        }
        return atKill;
    }

    /**
     * Counts {@code topic}'s committed records as a read_committed consumer, from the beginning,
     * keeping its position between calls, so it notices a target within one poll.
     */
    private static final class CommittedCount implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private long count;

        CommittedCount(String topic) {
            Map<String, Object> config = new HashMap<>(KAFKA.cluster().clientConfig());
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
            consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** Polls until at least {@code target} records are counted; returns the count then. */
        long awaitAtLeast(long target, ChildPipeline child) {
            long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
            while (count < target) {
                child.assertAlive();
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("Only " + count + " of " + target + " committed records after "
                            + PROGRESS_TIMEOUT + "\n" + child.logTail());
                }
                count += consumer.poll(Duration.ofMillis(50)).count();
            }
            return count;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
