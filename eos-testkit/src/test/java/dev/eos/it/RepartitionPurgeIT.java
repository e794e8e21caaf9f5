package dev.eos.it;

import static dev.eos.it.KafkaIo.string;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Committed repartition records are deleted ({@code Admin.deleteRecords}) every
 * {@code repartition.purge.interval.ms}: once the app has processed its input, the low watermark
 * of every repartition partition reaches the offset the group committed on it, and moves on with
 * the next input; the output is complete all the same.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RepartitionPurgeIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration PURGE_TIMEOUT = Duration.ofSeconds(20);
    private static final int HOP_PARTITIONS = 4;

    @Test
    void shouldPurgeTheRepartitionTopicUpToTheCommittedOffsetsWhileTheOutputStaysComplete() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("purge-in");
        String out = KAFKA.uniqueTopic("purge-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 3);
        String appId = KAFKA.uniqueTopic("purge-app");
        String hop = appId + "-purged-repartition";
        List<UserEvents.Event> events = UserEvents.generate(4000, 40, 11L);
        List<UserEvents.Event> first = events.subList(0, 2500);
        List<UserEvents.Event> second = events.subList(2500, events.size());

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .selectKey((country, value) -> Rekeying.userOf(value))
                .repartition(Repartitioned.with(STRINGS, STRINGS).withNumberOfPartitions(HOP_PARTITIONS)
                        .withName("purged"))
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 200).build();

        List<Map<TopicPartition, Long>> purgedTo = new ArrayList<>();
        try (EosApp app = EosApp.create(builder.build(), config); Admin admin = kafka.admin()) {
            Apps.startAndAwaitRunning(app);
            // 1. First input: processed, committed, purged.
            KafkaIo.produce(kafka, Rekeying.byCountry(in, first));
            Rekeying.readCommittedExactly(kafka, out, first.size());
            purgedTo.add(awaitPurgedToCommitted(admin, appId, hop));
            // 2. More input: the low watermarks move on to the new committed offsets.
            KafkaIo.produce(kafka, Rekeying.byCountry(in, second));
            Rekeying.readCommittedExactly(kafka, out, events.size());
            purgedTo.add(awaitPurgedToCommitted(admin, appId, hop));
            purgedTo.get(1).forEach((tp, offset) -> assertThat(offset).as("low watermark of %s after round 2", tp)
                    .isGreaterThan(purgedTo.get(0).get(tp)));
            assertThat(KafkaIo.readCommitted(kafka, hop, 0)).as("records left in %s", hop).isEmpty();
        }

        List<ConsumerRecord<byte[], byte[]>> output = Rekeying.readCommittedExactly(kafka, out, events.size());
        assertThat(output.stream().map(r -> string(r.value())).distinct().count())
                .as("distinct events in the output").isEqualTo(events.size());
        Map<String, List<String>> byUser = Rekeying.valuesByKey(output);
        byUser.forEach((user, values) -> assertThat(values).as("events of %s", user)
                .isSortedAccordingTo((a, b) -> Integer.compare(UserEvents.seq(a), UserEvents.seq(b))));
        System.out.printf("%s: %d events; %s low watermarks after round 1: %s, after round 2: %s%n",
                getClass().getSimpleName(), output.size(), hop, purgedTo.get(0), purgedTo.get(1));
    }

    /**
     * Waits until every partition of {@code hop} has a committed offset above 0 and a low
     * watermark equal to it; returns the low watermarks.
     */
    private static Map<TopicPartition, Long> awaitPurgedToCommitted(Admin admin, String groupId, String hop)
            throws InterruptedException {
        Map<TopicPartition, Long> committed = byPartition();
        Map<TopicPartition, Long> earliest = byPartition();
        try {
            Await.until("the low watermarks of " + hop + " reach the offsets group " + groupId + " committed",
                    PURGE_TIMEOUT, () -> {
                        committed.clear();
                        KafkaIo.committedOffsets(admin, groupId).forEach((tp, offset) -> {
                            if (tp.topic().equals(hop)) {
                                committed.put(tp, offset);
                            }
                        });
                        earliest.clear();
                        earliest.putAll(Rekeying.earliestOffsets(admin, hop, HOP_PARTITIONS));
                        return committed.size() == HOP_PARTITIONS
                                && committed.values().stream().allMatch(offset -> offset > 0)
                                && earliest.equals(committed);
                    });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (last seen: low watermarks " + earliest + ", committed "
                    + committed + ")", e);
        }
        Map<TopicPartition, Long> purged = byPartition();
        purged.putAll(earliest);
        return purged;
    }

    /** A map of the partitions of one topic, in partition order. */
    private static Map<TopicPartition, Long> byPartition() {
        return new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
    }
}
