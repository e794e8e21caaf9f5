package dev.eos.examples.schemas;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.registry.CompatibilityVerdict;
import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.registry.EmbeddedSchemaRegistry;
import dev.eos.testkit.verify.CommittedReader;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Schema evolution on a real broker and schema registry, in one command: a compatible change on
 * the same topic, a breaking one refused, and the breaking one done right on a versioned topic
 * bridged exactly once.
 *
 * <ol>
 *   <li>Register {@code order.v1.avsc} under {@code orders.v1-value} with the subject's rule from
 *       its {@code compatibility} file (FULL); produce a third of the orders with v1.</li>
 *   <li>Register {@code order.v2.avsc} (a new optional {@code coupon}): compatible; produce a
 *       third with v2.</li>
 *   <li>An old consumer (reader schema v1) and a new one (reader schema v2) read every order.</li>
 *   <li>Try the breaking {@code order.v3.avsc} (a required field without default): the registry
 *       refuses it; print why (subject, rule, field).</li>
 *   <li>Register the redesigned order under {@code orders.v2-value}; start
 *       {@link OrdersV1ToV2Bridge}; the producers still on v1 send the last third meanwhile.</li>
 *   <li>Read {@code orders.v2} as a read_committed consumer and check that every v1 order is
 *       there once, up-cast: {@code VERIFIED: ... duplicates 0, missing 0}.</li>
 * </ol>
 *
 * <p>Run it with {@code mvn -B -q -Pschemas -DskipTests -pl eos-examples -am package}; pass
 * {@code -Dschemas.args="--bootstrap-servers host:9092 --registry-url http://host:8081"} to use
 * your own cluster and registry (topics and subjects then get a run suffix).
 */
public final class SchemaEvolutionDemo {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private SchemaEvolutionDemo() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.println(SchemaDemoOptions.usage());
            return;
        }
        SchemaDemoOptions options;
        try {
            options = SchemaDemoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (options.bootstrapServers() != null) {
            Map<String, Object> registry = Map.of(SchemaRegistryClientConfig.URL, options.registryUrl());
            String suffix = "-" + UUID.randomUUID().toString().substring(0, 8);
            System.exit(run(options.bootstrapServers(), registry, suffix, options, System.out) ? 0 : 1);
        }
        System.out.println("Starting an embedded Kafka broker and an embedded schema registry...");
        boolean ok;
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start();
             EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(kafka)) {
            Map<String, Object> serdeConfig = options.registryUrl() != null
                    ? Map.of(SchemaRegistryClientConfig.URL, options.registryUrl()) : registry.serdeConfig();
            ok = run(kafka.bootstrapServers(), serdeConfig, "", options, System.out);
        }
        System.exit(ok ? 0 : 1);
    }

    /**
     * Runs the demo's steps on {@code bootstrap} and the registry of {@code serdeConfig}, topics
     * {@code orders.v1<suffix>} and {@code orders.v2<suffix>}; prints as it goes.
     *
     * @return whether the bridge's output verified exactly once and the v3 was refused
     */
    static boolean run(String bootstrap, Map<String, Object> serdeConfig, String suffix, SchemaDemoOptions options,
                       PrintStream out) throws Exception {
        String v1Topic = "orders.v1" + suffix;
        String v2Topic = "orders.v2" + suffix;
        String v1Subject = v1Topic + "-value";
        String v2Subject = v2Topic + "-value";
        int third = options.orders() / 3;
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
             SchemaRegistryClient registry = SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(serdeConfig))) {
            admin.createTopics(List.of(new NewTopic(v1Topic, options.partitions(), (short) 1),
                    new NewTopic(v2Topic, options.partitions(), (short) 1))).all().get(30, TimeUnit.SECONDS);
            out.printf("Kafka at %s, schema registry at %s; topics %s and %s, %d partitions%n", bootstrap,
                    serdeConfig.get(SchemaRegistryClientConfig.URL), v1Topic, v2Topic, options.partitions());
            List<Map.Entry<String, String>> expected = new ArrayList<>();
            OrderUpcaster upcaster = new OrderUpcaster(OrderSchemas.ordersV2());

            // Step 1
            CompatibilityLevel v1Rule = OrderSchemas.compatibility(OrderSchemas.ORDERS_V1_SUBJECT);
            registry.setCompatibility(v1Subject, v1Rule);
            Schema v1 = OrderSchemas.ordersV1(1);
            int v1Id = registry.register(v1Subject, v1);
            out.printf("1. %s: rule %s (schemas/%s/compatibility); order.v1.avsc registered, schema id %d%n",
                    v1Subject, v1Rule, OrderSchemas.ORDERS_V1_SUBJECT, v1Id);
            produce(bootstrap, serdeConfig, v1Topic, v1, 0, third, upcaster, expected);
            out.printf("   produced %d orders with schema v1%n", third);

            // Step 2
            Schema v2 = OrderSchemas.ordersV1(2);
            CompatibilityVerdict verdict = registry.checkCompatibility(v1Subject, v2);
            int v2Id = registry.register(v1Subject, v2);
            out.printf("2. order.v2.avsc adds the optional field 'coupon' (default null): %s under %s; registered,"
                    + " schema id %d%n", verdict.compatible() ? "compatible" : "INCOMPATIBLE", v1Rule, v2Id);
            produce(bootstrap, serdeConfig, v1Topic, v2, third, 2 * third, upcaster, expected);
            out.printf("   produced %d orders with schema v2%n", third);

            // Step 3
            readWithOldAndNewSchema(bootstrap, registry, v1Topic, 2 * third, v1Id, out);

            // Step 4
            boolean refused = tryBreakingV3(registry, v1Subject, out);

            // Step 5
            CompatibilityLevel v2Rule = OrderSchemas.compatibility(OrderSchemas.ORDERS_V2_SUBJECT);
            registry.setCompatibility(v2Subject, v2Rule);
            int bridgeId = registry.register(v2Subject, OrderSchemas.ordersV2());
            out.printf("5. The breaking redesign goes to a new topic: %s, rule %s, order.v1.avsc registered,"
                    + " schema id %d%n", v2Subject, v2Rule, bridgeId);
            int total = 3 * third;
            boolean bridged = bridge(bootstrap, serdeConfig, v1Topic, v2Topic, total, suffix, () ->
                    produce(bootstrap, serdeConfig, v1Topic, v2, 2 * third, total, upcaster, expected), out);
            if (!bridged) {
                return false;
            }

            // Step 6
            out.println("6. Reading " + v2Topic + " as a read_committed consumer to verify...");
            ReaderSchemaDecoder v2Reader = new ReaderSchemaDecoder(registry, OrderSchemas.ordersV2());
            List<Map.Entry<String, String>> actual = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : CommittedReader.readAll(Map.of("bootstrap.servers", bootstrap),
                    v2Topic, n -> n >= total, TIMEOUT)) {
                actual.add(Map.entry(new String(r.key(), StandardCharsets.UTF_8),
                        v2Reader.decode(r.value()).toString()));
            }
            if (!actual.isEmpty()) {
                out.println("   e.g. " + actual.get(0).getValue());
            }
            VerificationReport report = ExactlyOnceVerifier.verify(total, expected, actual);
            if (!report.problems().isEmpty()) {
                out.println(report.describe());
            }
            boolean ok = report.isExactlyOnce() && refused;
            out.printf("%s: bridge %s -> %s: in %d, out %d, unexpected %d, order violations %d, duplicates %d,"
                            + " missing %d%n", ok ? "VERIFIED" : "FAILED", v1Topic, v2Topic, report.recordsIn(),
                    report.recordsOut(), report.unexpected(), report.orderViolations(), report.duplicates(),
                    report.missing());
            return ok;
        }
    }

    /** Orders {@code from} to {@code to} written with {@code schema}; their up-casts go to {@code expected}. */
    private static void produce(String bootstrap, Map<String, Object> serdeConfig, String topic, Schema schema,
                                int from, int to, OrderUpcaster upcaster, List<Map.Entry<String, String>> expected) {
        for (Map.Entry<String, GenericRecord> order : OrderProducer.send(bootstrap, serdeConfig, topic, schema, from,
                to)) {
            expected.add(Map.entry(order.getKey(), upcaster.upcast(order.getValue()).toString()));
        }
    }

    private static void readWithOldAndNewSchema(String bootstrap, SchemaRegistryClient registry, String topic,
                                                int count, int v1Id, PrintStream out) {
        List<ConsumerRecord<byte[], byte[]>> records = CommittedReader.readAllOrFail(
                Map.of("bootstrap.servers", bootstrap), topic, n -> n >= count, TIMEOUT);
        ReaderSchemaDecoder oldConsumer = new ReaderSchemaDecoder(registry, OrderSchemas.ordersV1(1));
        ReaderSchemaDecoder newConsumer = new ReaderSchemaDecoder(registry, OrderSchemas.ordersV1(2));
        int writtenWithV1 = 0;
        int couponDefaulted = 0;
        int couponSet = 0;
        GenericRecord oldSample = null;
        GenericRecord newSample = null;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            boolean v1Data = ReaderSchemaDecoder.schemaId(r.value()) == v1Id;
            writtenWithV1 += v1Data ? 1 : 0;
            GenericRecord asOld = oldConsumer.decode(r.value());
            GenericRecord asNew = newConsumer.decode(r.value());
            if (asNew.get("coupon") == null) {
                couponDefaulted += v1Data ? 1 : 0;
            } else {
                couponSet++;
            }
            if (!v1Data && asNew.get("coupon") != null && newSample == null) {
                oldSample = asOld;
                newSample = asNew;
            }
        }
        out.printf("3. Old consumer (reader schema v1) read %d orders, %d written with v1 and %d with v2; it does"
                + " not see the coupon:%n     %s%n", records.size(), writtenWithV1, records.size() - writtenWithV1,
                oldSample);
        out.printf("   New consumer (reader schema v2) read %d orders: coupon null (the default) in all %d v1"
                + " orders, set in %d v2 orders:%n     %s%n", records.size(), couponDefaulted, couponSet, newSample);
    }

    /** Returns whether the registry refused the breaking v3, as it must. */
    private static boolean tryBreakingV3(SchemaRegistryClient registry, String subject, PrintStream out) {
        Schema v3 = OrderSchemas.proposedBreakingV3();
        out.println("4. schema-proposals/" + OrderSchemas.ORDERS_V1_SUBJECT + "/order.v3.avsc adds the required field"
                + " 'channel' without a default. Registering it...");
        try {
            int id = registry.register(subject, v3);
            out.println("   FAILED: the registry accepted the breaking v3 as schema id " + id);
            return false;
        } catch (IncompatibleSchemaException e) {
            out.println("   REFUSED: " + e.getMessage());
            return true;
        }
    }

    private static boolean bridge(String bootstrap, Map<String, Object> serdeConfig, String v1Topic, String v2Topic,
                                  int total, String suffix, Runnable producersStillOnV1, PrintStream out)
            throws InterruptedException {
        EosConfig config = EosConfig.builder()
                .applicationId("orders-v1-to-v2" + suffix)
                .bootstrapServers(bootstrap)
                .build();
        try (EosApp app = EosApp.create(OrdersV1ToV2Bridge.pipeline(v1Topic, v2Topic, serdeConfig), config)) {
            app.start();
            out.printf("   Bridge %s -> %s started (Eos, exactly once, OrderUpcaster); producers still on %s"
                    + " send the last third of the orders meanwhile%n", v1Topic, v2Topic, v1Topic);
            producersStillOnV1.run();
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (app.metrics().recordsCommitted() < total) {
                if (app.state() == AppState.ERROR) {
                    out.println("FAILED: the bridge stopped: " + app.fatalError());
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    out.printf("FAILED: the bridge committed %d of %d orders within %s%n",
                            app.metrics().recordsCommitted(), total, TIMEOUT);
                    return false;
                }
                Thread.sleep(50);
            }
            out.printf("   Bridged %d orders in %d transactions%n", app.metrics().recordsCommitted(),
                    app.metrics().transactionsCommitted());
        }
        return true;
    }
}
