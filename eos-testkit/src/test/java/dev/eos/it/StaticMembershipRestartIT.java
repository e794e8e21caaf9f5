package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.CloseOptions;
import dev.eos.EosApp;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.FeatureUpdate;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.UpdateFeaturesOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Static membership from {@code instance.id} (issue 12), under both group protocols, with a
 * session timeout of 120 s and waits of at most 60 s: only an instance that takes its partitions
 * back as a static member, or that left the group on close, makes progress within a wait.
 *
 * <ul>
 *   <li>A stateful app in a child JVM is killed with SIGKILL mid-stream and restarted with the
 *       same {@code instance.id}: it resumes at once (a dynamic member would wait out the dead
 *       member's session) and the committed output is exactly once. (Checked by hand that the test
 *       can fail: with {@code random} instead of the instance id, the restart does not consume the
 *       input within the wait.)</li>
 *   <li>A clean {@code close()} leaves the group: the other instance gets the partitions at once.</li>
 *   <li>{@code close(CloseOptions.remainInGroup())} keeps the member (and its partitions) for the
 *       restart of the same {@code instance.id}, which resumes at once.</li>
 * </ul>
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StaticMembershipRestartIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker()
            .withBrokerConfig("group.consumer.session.timeout.ms", String.valueOf(StaticMemberCountMain.SESSION_TIMEOUT_MS))
            .withBrokerConfig("group.consumer.max.session.timeout.ms",
                    String.valueOf(StaticMemberCountMain.SESSION_TIMEOUT_MS))
            // Reconciliation moves at heartbeat speed; the default 5 s makes every move slow.
            .withBrokerConfig("group.consumer.min.heartbeat.interval.ms", "500")
            .withBrokerConfig("group.consumer.heartbeat.interval.ms", "500");

    /** Well below the session timeout: a member that has to wait for it cannot make it. */
    private static final Duration RESUME_WAIT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(45);
    private static final int PARTITIONS = 4;
    private static final int INPUTS = 20_000;
    private static final int KEYS = 300;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void enableTheConsumerGroupProtocol() throws Exception {
        try (Admin admin = KAFKA.cluster().admin()) {
            FinalizedVersionRange group = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                    .finalizedFeatures().get("group.version");
            if (group == null || group.maxVersionLevel() < 1) {
                admin.updateFeatures(Map.of("group.version", new FeatureUpdate((short) 1,
                        FeatureUpdate.UpgradeType.UPGRADE)), new UpdateFeaturesOptions()).all().get(30, TimeUnit.SECONDS);
            }
            Await.until("group.version 1 is finalized", Duration.ofSeconds(30), () -> {
                FinalizedVersionRange v = admin.describeFeatures().featureMetadata().get(30, TimeUnit.SECONDS)
                        .finalizedFeatures().get("group.version");
                return v != null && v.maxVersionLevel() >= 1;
            });
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldResumeAtOnceAndCountExactlyOnceWhenKilledAndRestartedWithTheSameInstanceId(String protocol)
            throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("static-restart-in");
        String out = KAFKA.uniqueTopic("static-restart-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, 3);
        List<ProducerRecord<byte[], byte[]>> input = CountOutput.randomKeys(in, INPUTS, KEYS, 12L);
        KafkaIo.produce(kafka, input);
        String groupId = StaticMemberCountMain.applicationId(in);
        String[] args = {kafka.bootstrapServers(), in, out, "pod-0", stateDir.toString(), protocol, "4"};

        try (Admin admin = kafka.admin()) {
            try (ChildPipeline first = ChildPipeline.start(in + "-first", StaticMemberCountMain.class, args)) {
                first.awaitReady(READY_TIMEOUT);
                Await.until(groupId + " committed a fifth of the input", RESUME_WAIT, () -> {
                    first.assertAlive();
                    return KafkaIo.committedTotal(admin, groupId, in) >= INPUTS / 5;
                });
                first.kill();
            }
            assertThat(KafkaIo.committedTotal(admin, groupId, in)).as("committed before the kill").isLessThan(INPUTS);
            long restartedAt = System.nanoTime();
            try (ChildPipeline second = ChildPipeline.start(in + "-second", StaticMemberCountMain.class, args)) {
                KafkaIo.awaitAllConsumed(kafka, groupId, in, RESUME_WAIT, second::assertAlive);
                System.out.printf("%s (%s): the restarted instance committed all input %d ms after its launch%n",
                        getClass().getSimpleName(), protocol, (System.nanoTime() - restartedAt) / 1_000_000);
                second.stop();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> committed = KafkaIo.readCommitted(kafka, out, INPUTS);
        VerificationReport report = ExactlyOnceVerifier.verify(INPUTS, runningCounts(input), asCounts(committed));
        assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        assertThat(CountOutput.problems(CountOutput.oracle(input), CountOutput.updatesByKey(committed), 20)).isEmpty();
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldHandThePartitionsToTheOtherInstanceAtOnceWhenClosed(String protocol) throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("static-close-in");
        String out = KAFKA.uniqueTopic("static-close-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, 3);
        String groupId = StaticMemberCountMain.applicationId(in);
        try (EosApp a = app(kafka, in, out, "a", protocol); EosApp b = app(kafka, in, out, "b", protocol);
             Admin admin = kafka.admin()) {
            a.start();
            b.start();
            awaitPartitionsOf(admin, groupId, Map.of("a-0", 2, "b-0", 2));

            a.close();

            KafkaIo.produce(kafka, CountOutput.randomKeys(in, 2_000, KEYS, 13L));
            KafkaIo.awaitAllConsumed(kafka, groupId, in, RESUME_WAIT,
                    () -> assertThat(b.state()).isNotEqualTo(AppState.ERROR));
            assertThat(partitionsByInstance(admin, groupId)).containsOnlyKeys("b-0");
        }
    }

    @ParameterizedTest(name = "group.protocol={0}")
    @ValueSource(strings = {"classic", "consumer"})
    void shouldKeepTheMemberForTheRestartOfTheSameInstanceWhenClosedRemainingInGroup(String protocol)
            throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("static-rolling-in");
        String out = KAFKA.uniqueTopic("static-rolling-out");
        kafka.createTopic(in, PARTITIONS);
        kafka.createTopic(out, 3);
        String groupId = StaticMemberCountMain.applicationId(in);
        try (EosApp b = app(kafka, in, out, "b", protocol); Admin admin = kafka.admin()) {
            EosApp a = app(kafka, in, out, "a", protocol);
            a.start();
            b.start();
            Map<String, Set<TopicPartition>> before = awaitPartitionsOf(admin, groupId, Map.of("a-0", 2, "b-0", 2));

            assertThat(a.close(CloseOptions.remainInGroup())).isTrue();

            assertThat(partitionsByInstance(admin, groupId)).as("members right after a's close")
                    .containsKey("a-0").containsEntry("b-0", before.get("b-0"));
            KafkaIo.produce(kafka, CountOutput.randomKeys(in, 2_000, KEYS, 14L));
            try (EosApp restarted = app(kafka, in, out, "a", protocol)) {
                restarted.start();
                KafkaIo.awaitAllConsumed(kafka, groupId, in, RESUME_WAIT,
                        () -> assertThat(restarted.state()).isNotEqualTo(AppState.ERROR));
            }
        }
    }

    private EosApp app(EmbeddedKafkaCluster kafka, String in, String out, String instanceId, String protocol) {
        return EosApp.create(StaticMemberCountMain.countPipeline(in, out, 0), StaticMemberCountMain.config(
                kafka.bootstrapServers(), in, instanceId, stateDir.resolve(instanceId).toString(), protocol));
    }

    /** Waits until the group's members (by group.instance.id) own the given numbers of partitions. */
    private static Map<String, Set<TopicPartition>> awaitPartitionsOf(Admin admin, String groupId,
                                                                      Map<String, Integer> wanted)
            throws InterruptedException {
        Map<String, Set<TopicPartition>> last = new HashMap<>();
        Await.until("members " + wanted + " of " + groupId + " own their partitions", RESUME_WAIT, () -> {
            last.clear();
            last.putAll(partitionsByInstance(admin, groupId));
            Map<String, Integer> sizes = new HashMap<>();
            last.forEach((id, partitions) -> sizes.put(id, partitions.size()));
            return sizes.equals(wanted);
        });
        return last;
    }

    private static Map<String, Set<TopicPartition>> partitionsByInstance(Admin admin, String groupId) throws Exception {
        Map<String, Set<TopicPartition>> out = new TreeMap<>();
        for (MemberDescription m : admin.describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
                .get(30, TimeUnit.SECONDS).members()) {
            out.put(m.groupInstanceId().orElse(m.consumerId()), m.assignment().topicPartitions());
        }
        return out;
    }

    /** What the count pipeline must commit: each input's key with that key's count so far, in input order. */
    private static List<Map.Entry<String, String>> runningCounts(List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, Long> counts = new HashMap<>();
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : input) {
            String key = KafkaIo.string(r.key());
            out.add(Map.entry(key, String.valueOf(counts.merge(key, 1L, Long::sum))));
        }
        return out;
    }

    private static List<Map.Entry<String, String>> asCounts(List<ConsumerRecord<byte[], byte[]>> output) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : output) {
            out.add(Map.entry(KafkaIo.string(r.key()), String.valueOf(ByteBuffer.wrap(r.value()).getLong())));
        }
        return out;
    }
}
