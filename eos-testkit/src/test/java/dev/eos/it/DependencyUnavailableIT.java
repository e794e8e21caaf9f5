package dev.eos.it;

import static dev.eos.it.KafkaIo.entry;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A serde that cannot reach a service it depends on (a schema registry that is down) throws a
 * Kafka {@code RetriableException} (here a {@code TimeoutException}): the app waits and reads the same records again. Nothing is
 * skipped or dead-lettered, even with handlers that would skip bad records, and when the service
 * is back every record comes out exactly once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DependencyUnavailableIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();

    /** Down until {@code up} is set; counts the calls it refused. */
    static final class Outage {
        final AtomicBoolean up = new AtomicBoolean();
        final AtomicInteger refused = new AtomicInteger();

        void check(String what) {
            if (!up.get()) {
                refused.incrementAndGet();
                throw new TimeoutException("registry unreachable while " + what);
            }
        }
    }

    @Test
    void aDeserializerWaitingForItsRegistryNeitherSkipsNorDeadLettersAndResumesExactlyOnce() throws Exception {
        Outage outage = new Outage();
        Deserializer<String> values = new Deserializer<>() {
            @Override
            public String deserialize(String topic, byte[] data) {
                outage.check("deserializing");
                return new StringDeserializer().deserialize(topic, data);
            }

            @Override
            public String deserialize(String topic, Headers headers, byte[] data) {
                return deserialize(topic, data);
            }
        };
        runThroughOutage("deserializer", Consumed.with(STRINGS, Serdes.serdeFrom(new StringSerializer(), values)),
                Produced.with(STRINGS, STRINGS), outage);
    }

    @Test
    void aSerializerWaitingForItsRegistryNeitherSkipsNorDeadLettersAndResumesExactlyOnce() throws Exception {
        Outage outage = new Outage();
        Serializer<String> values = new Serializer<>() {
            @Override
            public byte[] serialize(String topic, String data) {
                outage.check("serializing");
                return new StringSerializer().serialize(topic, data);
            }
        };
        runThroughOutage("serializer", Consumed.with(STRINGS, STRINGS),
                Produced.with(STRINGS, Serdes.serdeFrom(values, new StringDeserializer())), outage);
    }

    private void runThroughOutage(String name, Consumed<String, String> consumed, Produced<String, String> produced,
                                  Outage outage) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic(name + "-outage-in");
        String out = KAFKA.uniqueTopic(name + "-outage-out");
        String appId = KAFKA.uniqueTopic(name + "-outage-app");
        String deadLetters = KAFKA.uniqueTopic(name + "-outage-dlq");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        kafka.createTopic(deadLetters, 1);
        List<UserEvents.Event> events = UserEvents.generate(300, 20, 5L);
        KafkaIo.produceEvents(kafka, in, events);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, consumed).mapValues(v -> v + "!").to(out, produced);
        EosConfig config = KafkaIo.eosConfig(kafka, appId)
                .set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter")
                .set(EosConfig.PROCESSING_ERROR_HANDLER, "skip")
                .set(EosConfig.DEAD_LETTER_TOPIC, deadLetters)
                .build();
        try (EosApp app = EosApp.create(builder.build(), config)) {
            app.start();
            // (That the waiting has no bound, unlike broker errors, RetryBudgetTest shows: more
            // attempts here would only add the 5 s backoffs to the test's time.)
            Await.until("the app retried through the outage", Duration.ofSeconds(60), () -> outage.refused.get() > 5);
            assertThat(app.state()).as("app state during the outage").isEqualTo(dev.eos.AppState.RUNNING);
            assertThat(app.metrics().recordsDeadLettered()).isZero();
            assertThat(KafkaIo.readCommitted(kafka, out, 0)).as("output committed during the outage").isEmpty();
            outage.up.set(true);
            Apps.awaitAllConsumed(kafka, app, appId, in);
            assertThat(app.metrics().recordsDeadLettered()).isZero();
        }

        List<Map.Entry<String, String>> expected = new ArrayList<>();
        for (UserEvents.Event e : events) {
            expected.add(entry(e.user(), e.value() + "!"));
        }
        List<Map.Entry<String, String>> actual = KafkaIo.asStrings(KafkaIo.readCommitted(kafka, out, expected.size()));
        VerificationReport report = ExactlyOnceVerifier.verify(events.size(), expected, actual);
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        assertThat(KafkaIo.readCommitted(kafka, deadLetters, 0)).as("dead letters").isEmpty();
    }
}
