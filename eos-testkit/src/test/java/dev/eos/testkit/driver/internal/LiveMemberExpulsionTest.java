package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Members removed from the group while their thread runs on, as the classic group coordinator
 * and {@code KafkaConsumer} handle them: expelled, or gone past {@code max.poll.interval.ms}.
 */
class LiveMemberExpulsionTest {
    private static final String GROUP = "app";
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);

    private final AtomicLong busy = new AtomicLong();
    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 2);
    }

    @Test
    void anonymousTransactionalCommitIsAcceptedByANonEmptyGroup() {
        kafka.joinGroup(GROUP, "a", Set.of("in"));
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);

        kafka.sendOffsetsToTransaction(p, Map.of(IN_0, new OffsetAndMetadata(5)), anonymous());
        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN_0, new OffsetAndMetadata(5));
    }

    @Test
    void anonymousPlainCommitIsRefusedByANonEmptyGroup() {
        kafka.joinGroup(GROUP, "a", Set.of("in"));

        assertThatThrownBy(() -> kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(5)), anonymous()))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("UNKNOWN_MEMBER_ID");
    }

    @Test
    void expelledMembersTransactionalCommitIsRefusedAndLeavesTheTransactionAbortable() {
        InMemoryConsumer a = consumer("a", 300_000);
        a.subscribe(List.of("in"));
        a.poll(Duration.ZERO);
        InMemoryProducer producer = new InMemoryProducer(kafka, Map.of("transactional.id", "tx"), () -> 0L);
        producer.initTransactions();
        producer.beginTransaction();

        kafka.leaveGroup(GROUP, "a-1");
        ConsumerGroupMetadata stale = a.groupMetadata();

        assertThat(stale.generationId()).isEqualTo(1);
        assertThatThrownBy(() -> producer.sendOffsetsToTransaction(Map.of(IN_0, new OffsetAndMetadata(1)), stale))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("UNKNOWN_MEMBER_ID");
        assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class)
                .hasCauseInstanceOf(CommitFailedException.class);
        producer.abortTransaction();
    }

    @Test
    void memberReportingAnOlderGenerationIsRefusedWithIllegalGeneration() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        ConsumerGroupMetadata first = kafka.groupMetadata(GROUP, a);
        kafka.synced(GROUP, a);
        kafka.joinGroup(GROUP, "b", Set.of("in"));
        kafka.synced(GROUP, a); // a synced to generation 2 since
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);

        assertThatThrownBy(() -> kafka.sendOffsetsToTransaction(p, Map.of(IN_0, new OffsetAndMetadata(1)), first))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("ILLEGAL_GENERATION");
    }

    @Test
    void consumerPastMaxPollIntervalLeavesTheGroupBeforeItsNextPollDoesAnythingElse() {
        List<String> calls = new ArrayList<>();
        InMemoryConsumer a = consumer("a", 60_000);
        a.subscribe(List.of("in"), recording(calls));
        a.poll(Duration.ZERO);

        busy.addAndGet(60_001);
        assertThat(a.groupMetadata().memberId()).as("stale: KafkaConsumer keeps its last join").isEqualTo("a-1");
        assertThat(kafka.members(GROUP)).as("the heartbeat thread left the group").isEmpty();
        a.poll(Duration.ZERO);

        assertThat(calls).containsExactly("assigned [in-0, in-1]", "lost [in-0, in-1]", "assigned [in-0, in-1]");
        assertThat(a.groupMetadata().memberId()).isEqualTo("a-2");
    }

    @Test
    void consumerPollingWithinMaxPollIntervalStaysInTheGroup() {
        InMemoryConsumer a = consumer("a", 60_000);
        a.subscribe(List.of("in"));
        for (int i = 0; i < 5; i++) {
            busy.addAndGet(59_000);
            a.poll(Duration.ZERO);
        }

        assertThat(kafka.members(GROUP)).containsExactly("a-1");
    }

    @Test
    void slowRestorePollsMoveTheClockAndReturnOneRecordEach() {
        for (int i = 0; i < 3; i++) {
            kafka.append(IN_0, null, ("r" + i).getBytes(UTF_8), List.of(), 0L);
        }
        FaultHooks faults = new FaultHooks();
        AtomicLong clock = new AtomicLong();
        faults.slowRestores(2, () -> clock.addAndGet(60_000));
        InMemoryConsumer restore = new InMemoryConsumer(kafka, Map.of("client.id", "restore",
                "auto.offset.reset", "earliest"), busy::get, faults);
        restore.assign(List.of(IN_0));

        assertThat(restore.poll(Duration.ZERO).count()).isEqualTo(1);
        assertThat(restore.poll(Duration.ZERO).count()).isEqualTo(1);
        assertThat(restore.poll(Duration.ZERO).count()).isEqualTo(1);
        assertThat(clock.get()).isEqualTo(120_000);
        assertThat(faults.slowRestorePollsLeft()).isZero();
    }

    private InMemoryConsumer consumer(String clientId, long maxPollIntervalMs) {
        return new InMemoryConsumer(kafka, Map.of("group.id", GROUP, "client.id", clientId,
                "isolation.level", "read_committed", "max.poll.interval.ms", maxPollIntervalMs), busy::get,
                new FaultHooks());
    }

    @SuppressWarnings("removal")
    private static ConsumerGroupMetadata anonymous() {
        return new ConsumerGroupMetadata(GROUP, -1, "", Optional.empty());
    }

    private static ConsumerRebalanceListener recording(List<String> calls) {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    calls.add("revoked " + partitions);
                }
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                calls.add("assigned " + partitions);
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                calls.add("lost " + partitions);
            }
        };
    }
}
