package dev.eos.it;

import static dev.eos.it.KafkaIo.bytes;
import static dev.eos.it.KafkaIo.entry;
import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.AppMetrics;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.DeadLetterHeaders;
import dev.eos.errors.MissingTopicException;
import dev.eos.errors.RecordProcessingException;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records that cannot be deserialized or processed: dead-lettered with their context, skipped,
 * or stopping the app with their offset uncommitted; never half-processed, never lost.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PoisonPillIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Serde<Integer> INTEGERS = Serdes.Integer();
    private static final Duration ERROR_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void shouldDeadLetterRecordsThatCannotBeDeserializedAndProcessTheRest() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("undeserializable-in");
        String out = KAFKA.uniqueTopic("undeserializable-out");
        String appId = KAFKA.uniqueTopic("undeserializable-app");
        String deadLetters = appId + "-dead-letters";
        kafka.createTopic(in, 3);
        kafka.createTopic(out, 2);
        kafka.createTopic(deadLetters, 1);
        long baseTimestamp = 1_650_000_000_000L;
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            // Every 25th value is three bytes long: not an int.
            byte[] value = i % 25 == 7 ? new byte[] {1, 2, (byte) i} : ByteBuffer.allocate(4).putInt(i).array();
            RecordHeaders headers = new RecordHeaders();
            headers.add("origin", bytes("test-" + i));
            input.add(new ProducerRecord<>(in, null, baseTimestamp + i, bytes(UserEvents.user(i % 30)), value, headers));
        }
        List<RecordMetadata> written = KafkaIo.produce(kafka, input);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, INTEGERS))
                .mapValues(v -> v * 2)
                .to(out, Produced.with(STRINGS, INTEGERS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter")
                .build();
        long deadLettered;
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);
            deadLettered = app.metrics().recordsDeadLettered();
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        Set<Integer> bad = new HashSet<>();
        for (int i = 0; i < input.size(); i++) {
            if (i % 25 == 7) {
                bad.add(i);
            } else {
                expected.add(entry(UserEvents.user(i % 30), Integer.toString(i * 2)));
            }
        }
        List<Map.Entry<String, String>> actual = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaIo.readCommitted(kafka, out, expected.size())) {
            actual.add(entry(string(r.key()), Integer.toString(INTEGERS.deserializer().deserialize(out, r.value()))));
        }
        VerificationReport report = ExactlyOnceVerifier.verify(input.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();

        List<ConsumerRecord<byte[], byte[]>> dlq = KafkaIo.readCommitted(kafka, deadLetters, bad.size());
        assertThat(dlq).as("dead letters").hasSize(bad.size());
        assertThat(deadLettered).isEqualTo(bad.size());
        assertThat(actual.size() + dlq.size()).as("outputs plus dead letters").isEqualTo(input.size());
        for (ConsumerRecord<byte[], byte[]> d : dlq) {
            int i = Integer.parseInt(header(d, "origin").substring("test-".length()));
            assertThat(bad).as("dead letter %s", i).contains(i);
            ProducerRecord<byte[], byte[]> original = input.get(i);
            RecordMetadata where = written.get(i);
            assertThat(d.key()).isEqualTo(original.key());
            assertThat(d.value()).isEqualTo(original.value());
            assertThat(d.timestamp()).isEqualTo(original.timestamp());
            assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo(in);
            assertThat(header(d, DeadLetterHeaders.PARTITION)).isEqualTo(Integer.toString(where.partition()));
            assertThat(header(d, DeadLetterHeaders.OFFSET)).isEqualTo(Long.toString(where.offset()));
            assertThat(header(d, DeadLetterHeaders.TIMESTAMP)).isEqualTo(Long.toString(original.timestamp()));
            assertThat(header(d, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(SerializationException.class.getName());
            assertThat(header(d, DeadLetterHeaders.EXCEPTION_MESSAGE)).isNotBlank();
            assertThat(header(d, DeadLetterHeaders.STAGE)).isEqualTo("deserialization");
        }
    }

    @Test
    void shouldDeadLetterRecordsWhoseProcessingFailsWithoutCommittingTheirPartialOutput() throws Exception {
        runFailingProcessor("dead_letter");
    }

    @Test
    void shouldSkipRecordsWhoseProcessingFailsWithoutCommittingTheirPartialOutput() throws Exception {
        runFailingProcessor("skip");
    }

    /**
     * flatMap emits three records per input; mapValues throws on the second one of a poison
     * input, after the first was already sent into the transaction. That first output must never
     * be committed.
     */
    private void runFailingProcessor(String handler) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("failing-" + handler + "-in");
        String out = KAFKA.uniqueTopic("failing-" + handler + "-out");
        String appId = KAFKA.uniqueTopic("failing-" + handler + "-app");
        String deadLetters = KAFKA.uniqueTopic("failing-" + handler + "-dlq");
        kafka.createTopic(in, 3);
        kafka.createTopic(out, 2);
        kafka.createTopic(deadLetters, 1);
        List<UserEvents.Event> events = UserEvents.generate(1500, 30, 31L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .flatMap((user, value) -> List.of(KeyValue.of(user, value + "/1"), KeyValue.of(user, value + "/2"),
                        KeyValue.of(user, value + "/3")))
                .mapValues(v -> {
                    if (isPoison(v) && v.endsWith("/2")) {
                        throw new IllegalStateException("cannot process " + v);
                    }
                    return v + "!";
                })
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.PROCESSING_ERROR_HANDLER, handler)
                .set(EosConfig.DEAD_LETTER_TOPIC, deadLetters)
                .set(EosConfig.NUM_THREADS, 2)
                // Every failure rewinds the consumer, which refetches once its long poll returns;
                // a shorter long poll keeps this test quick.
                .set("consumer.fetch.max.wait.ms", 100)
                .build();
        AppMetrics metrics;
        try (EosApp app = EosApp.create(builder.build(), config)) {
            Apps.startAndAwaitRunning(app);
            Apps.awaitAllConsumed(kafka, app, appId, in);
            metrics = app.metrics();
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        List<String> poison = new ArrayList<>();
        for (UserEvents.Event e : events) {
            if (isPoison(e.value())) {
                poison.add(e.value());
                continue;
            }
            for (String n : List.of("/1", "/2", "/3")) {
                expected.add(entry(e.user(), e.value() + n + "!"));
            }
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, expected.size()));
        VerificationReport report = ExactlyOnceVerifier.verify(events.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        assertThat(metrics.transactionsAborted()).as("aborted transactions").isGreaterThanOrEqualTo(poison.size());

        if (handler.equals("dead_letter")) {
            List<ConsumerRecord<byte[], byte[]>> dlq = KafkaIo.readCommitted(kafka, deadLetters, poison.size());
            assertThat(dlq.stream().map(r -> string(r.value()))).containsExactlyInAnyOrderElementsOf(poison);
            for (ConsumerRecord<byte[], byte[]> d : dlq) {
                assertThat(header(d, DeadLetterHeaders.TOPIC)).isEqualTo(in);
                assertThat(header(d, DeadLetterHeaders.STAGE)).isEqualTo("processing");
                assertThat(header(d, DeadLetterHeaders.EXCEPTION_CLASS)).isEqualTo(IllegalStateException.class.getName());
                assertThat(header(d, DeadLetterHeaders.EXCEPTION_MESSAGE)).contains("cannot process " + string(d.value()));
            }
            assertThat(metrics.recordsDeadLettered()).isEqualTo(poison.size());
        } else {
            assertThat(KafkaIo.readCommitted(kafka, deadLetters, 0)).isEmpty();
            assertThat(metrics.recordsSkipped()).isEqualTo(poison.size());
        }
    }

    /**
     * Several records failing inside one transaction: each failure aborts and rewinds, and the
     * handler's decision for the records that failed earlier must survive the later aborts.
     * Otherwise every earlier record fails again (and aborts again) on every replay: k failing
     * records in one transaction then cost 2^k attempts, which stalls the app.
     */
    @Test
    void shouldFailEachPoisonRecordOnceWhenSeveralFailInOneTransaction() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("several-in");
        String out = KAFKA.uniqueTopic("several-out");
        String appId = KAFKA.uniqueTopic("several-app");
        String deadLetters = appId + "-dead-letters";
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        kafka.createTopic(deadLetters, 1);
        int records = 42;
        List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>();
        List<String> poison = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            String value = i % 7 == 3 ? "POISON-" + i : "v-" + i;
            if (value.startsWith("POISON")) {
                poison.add(value);
            }
            input.add(new ProducerRecord<>(in, 0, bytes("k"), bytes(value)));
        }
        KafkaIo.produce(kafka, input);
        Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .mapValues(v -> {
                    if (v.startsWith("POISON")) {
                        failures.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                        throw new IllegalStateException("cannot process " + v);
                    }
                    return v;
                })
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.PROCESSING_ERROR_HANDLER, "dead_letter")
                // One transaction for the whole input: every failure happens inside it.
                .set(EosConfig.COMMIT_INTERVAL_MS, 60_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 70_000)
                .set(EosConfig.TRANSACTION_MAX_RECORDS, records)
                .set("consumer.fetch.max.wait.ms", 50)
                .build();

        try (EosApp app = EosApp.create(builder.build(), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            Await.until("every poison record failed once and the input is consumed", Duration.ofSeconds(30), () -> {
                assertThat(failures.values()).as("failures per poison record: %s", failures)
                        .allMatch(n -> n.get() <= 2);
                return KafkaIo.committedTotal(admin, appId, in) == records;
            });
        }
        assertThat(failures.keySet()).containsExactlyInAnyOrderElementsOf(poison);
        List<ConsumerRecord<byte[], byte[]>> dlq = KafkaIo.readCommitted(kafka, deadLetters, poison.size());
        assertThat(dlq.stream().map(r -> string(r.value()))).containsExactlyElementsOf(poison);
    }

    private static boolean isPoison(String value) {
        return UserEvents.seq(value) % 40 == 13;
    }

    @Test
    void shouldStopWithThePoisonRecordsOffsetUncommittedUnderTheFailHandler() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("fail-in");
        String out = KAFKA.uniqueTopic("fail-out");
        String appId = KAFKA.uniqueTopic("fail-app");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 1);
        Pipeline pipeline = throwingPipeline(in, out, v -> new IllegalArgumentException("bad value " + v));

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, appId).build())) {
            Apps.startAndAwaitRunning(app);
            KafkaIo.produce(kafka, values(in, 0, "before-", 0, 100));
            KafkaIo.produce(kafka, values(in, 1, "other-", 0, 100));
            Apps.awaitAllConsumed(kafka, app, appId, in);

            List<ProducerRecord<byte[], byte[]>> tail = new ArrayList<>(values(in, 0, "just-before-", 0, 10));
            tail.add(new ProducerRecord<>(in, 0, bytes("k"), bytes("POISON")));
            tail.addAll(values(in, 0, "after-", 0, 10));
            long poisonOffset = KafkaIo.produce(kafka, tail).get(10).offset();

            Await.until("the app is in ERROR", ERROR_TIMEOUT, () -> app.state() == AppState.ERROR);
            assertThat(app.fatalError()).isInstanceOfSatisfying(RecordProcessingException.class, e -> {
                assertThat(e.topic()).isEqualTo(in);
                assertThat(e.partition()).isZero();
                assertThat(e.offset()).isEqualTo(poisonOffset);
                assertThat(e.getMessage()).contains("topic=" + in, "partition=0", "offset=" + poisonOffset);
                assertThat(e.getCause()).isInstanceOf(IllegalArgumentException.class);
            });
            try (Admin admin = kafka.admin()) {
                Map<TopicPartition, Long> committed = KafkaIo.committedOffsets(admin, appId);
                assertThat(committed.get(new TopicPartition(in, 0))).as("committed offset of %s-0", in)
                        .isBetween(100L, poisonOffset);
                assertThat(committed.get(new TopicPartition(in, 1))).isEqualTo(100L);
            }
        }
        List<String> outputs = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, 200)).stream()
                .map(Map.Entry::getValue).toList();
        assertThat(outputs).noneMatch(v -> v.startsWith("after-") || v.contains("POISON"));
        assertThat(outputs.stream().filter(v -> v.startsWith("before-") || v.startsWith("other-"))).hasSize(200);
    }

    /**
     * User code that throws one of Kafka's retriable exceptions (a lookup timing out) is still a
     * failure of user code: under the fail handler the app stops, it does not retry forever.
     */
    @Test
    void shouldStopUnderTheFailHandlerWhenUserCodeThrowsAKafkaRetriableException() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("retriable-in");
        String out = KAFKA.uniqueTopic("retriable-out");
        String appId = KAFKA.uniqueTopic("retriable-app");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        Pipeline pipeline = throwingPipeline(in, out,
                v -> new org.apache.kafka.common.errors.TimeoutException("lookup of " + v + " timed out"));

        try (EosApp app = EosApp.create(pipeline, KafkaIo.eosConfig(kafka, appId).build())) {
            Apps.startAndAwaitRunning(app);
            List<ProducerRecord<byte[], byte[]>> input = new ArrayList<>(values(in, 0, "v-", 0, 5));
            input.add(new ProducerRecord<>(in, 0, bytes("k"), bytes("POISON")));
            long poisonOffset = KafkaIo.produce(kafka, input).get(5).offset();

            Await.until("the app is in ERROR (it is " + app.state() + ", aborted transactions so far: "
                    + app.metrics().transactionsAborted() + ")", ERROR_TIMEOUT, () -> app.state() == AppState.ERROR);
            assertThat(app.fatalError()).isInstanceOfSatisfying(RecordProcessingException.class,
                    e -> assertThat(e.offset()).isEqualTo(poisonOffset));
        }
    }

    @Test
    void shouldFailToStartNamingTheMissingDeadLetterTopic() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("nodlq-in");
        String out = KAFKA.uniqueTopic("nodlq-out");
        String appId = KAFKA.uniqueTopic("nodlq-app");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1);
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter").build();
        try (EosApp app = EosApp.create(throwingPipeline(in, out, RuntimeException::new), config)) {
            assertThatThrownBy(app::start).isInstanceOfSatisfying(MissingTopicException.class,
                    e -> assertThat(e.topics()).containsExactly(appId + "-dead-letters"));
            assertThat(app.state()).isEqualTo(AppState.ERROR);
        }
    }

    /** Passes values through, but throws what {@code error} makes for the value {@code POISON}. */
    private static Pipeline throwingPipeline(String in, String out, Function<String, RuntimeException> error) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .mapValues(v -> {
                    if (v.equals("POISON")) {
                        throw error.apply(v);
                    }
                    return v;
                })
                .to(out, Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    private static List<ProducerRecord<byte[], byte[]>> values(String topic, int partition, String prefix, int from,
                                                               int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(new ProducerRecord<>(topic, partition, bytes("k"), bytes(prefix + i)));
        }
        return records;
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header h = record.headers().lastHeader(key);
        assertThat(h).as("header %s of %s", key, record).isNotNull();
        return string(h.value());
    }
}
