package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryConsumerTest {
    private static final String GROUP = "app";
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);
    private static final TopicPartition IN_1 = new TopicPartition("in", 1);
    private static final TopicPartition IN_2 = new TopicPartition("in", 2);
    private static final TopicPartition IN_3 = new TopicPartition("in", 3);

    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 4);
    }

    // ---- isolation

    @Test
    void readCommittedConsumer_seesOnlyCommittedRecords() {
        InMemoryConsumer consumer = consumer("a", "read_committed");
        consumer.subscribe(List.of("in"), new RecordingListener());
        ProducerSession aborted = kafka.initTransactions("tx-1");
        kafka.beginTransaction(aborted);
        kafka.send(aborted, IN_0, bytes("k"), bytes("aborted"), List.of(), 1L);
        kafka.abortTransaction(aborted);
        ProducerSession open = kafka.initTransactions("tx-2");
        kafka.beginTransaction(open);
        kafka.send(open, IN_0, bytes("k"), bytes("committed later"), List.of(), 2L);

        assertThat(values(consumer.poll(Duration.ZERO))).isEmpty();

        kafka.commitTransaction(open);
        assertThat(values(consumer.poll(Duration.ZERO))).as("decided, but the markers have not landed").isEmpty();
        kafka.deliverAllMarkers();
        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("committed later");
        assertThat(consumer.position(IN_0)).isEqualTo(kafka.highWatermark(IN_0));
    }

    @Test
    void readUncommittedConsumer_seesOpenAndAbortedRecords() {
        InMemoryConsumer consumer = consumer("a", "read_uncommitted");
        consumer.subscribe(List.of("in"));
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        kafka.send(p, IN_0, bytes("k"), bytes("open"), List.of(), 1L);

        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("open");

        kafka.abortTransaction(p);
        consumer.seek(IN_0, 0);
        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("open");
    }

    @Test
    void poll_returnsRecordFieldsAndNextOffsets() {
        kafka.append(IN_1, bytes("key"), bytes("value"), List.of(new RecordHeader("h", bytes("v"))), 42L);
        InMemoryConsumer consumer = consumer("a", "read_committed");
        consumer.subscribe(List.of("in"));

        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);

        ConsumerRecord<byte[], byte[]> r = records.iterator().next();
        assertThat(r.topic()).isEqualTo("in");
        assertThat(r.partition()).isEqualTo(1);
        assertThat(r.offset()).isZero();
        assertThat(r.timestamp()).isEqualTo(42L);
        assertThat(new String(r.key(), UTF_8)).isEqualTo("key");
        assertThat(new String(r.value(), UTF_8)).isEqualTo("value");
        assertThat(new String(r.headers().lastHeader("h").value(), UTF_8)).isEqualTo("v");
        assertThat(records.nextOffsets()).containsEntry(IN_1, new OffsetAndMetadata(1));
    }

    @Test
    void poll_returnsAtMostMaxPollRecordsAndStarvesNoPartition() {
        for (int i = 0; i < 5; i++) {
            kafka.append(IN_0, null, bytes("p0-" + i), List.of(), i);
        }
        kafka.append(IN_3, null, bytes("p3-0"), List.of(), 0L);
        InMemoryConsumer consumer = new InMemoryConsumer(kafka, Map.of("group.id", GROUP, "client.id", "a",
                "max.poll.records", "2", "auto.offset.reset", "earliest"));
        consumer.subscribe(List.of("in"));

        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            List<String> batch = values(consumer.poll(Duration.ZERO));
            assertThat(batch.size()).isLessThanOrEqualTo(2);
            seen.addAll(batch);
        }

        assertThat(seen).containsExactlyInAnyOrder("p0-0", "p0-1", "p0-2", "p0-3", "p0-4", "p3-0");
        assertThat(seen.indexOf("p3-0")).isLessThan(seen.indexOf("p0-4"));
    }

    // ---- positions

    @Test
    void positions_startAtCommittedOffsetElseByAutoOffsetReset() {
        for (int i = 0; i < 3; i++) {
            kafka.append(IN_0, null, bytes("a" + i), List.of(), i);
            kafka.append(IN_1, null, bytes("b" + i), List.of(), i);
        }
        kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(2)), new ConsumerGroupMetadata(GROUP));
        InMemoryConsumer consumer = new InMemoryConsumer(kafka, Map.of("group.id", GROUP, "client.id", "a",
                "auto.offset.reset", "latest"));
        consumer.subscribe(List.of("in"));

        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("a2");
        assertThat(consumer.position(IN_1)).isEqualTo(3);
    }

    @Test
    void seekBackToCommittedAfterAbort_reReadsTheRecords() {
        for (int i = 0; i < 3; i++) {
            kafka.append(IN_0, null, bytes("r" + i), List.of(), i);
        }
        InMemoryConsumer consumer = consumer("a", "read_committed");
        consumer.subscribe(List.of("in"));
        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("r0", "r1", "r2");
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        kafka.sendOffsetsToTransaction(p, Map.of(IN_0, new OffsetAndMetadata(3)), consumer.groupMetadata());
        kafka.abortTransaction(p);

        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.of(IN_0));
        consumer.seek(IN_0, committed.containsKey(IN_0) ? committed.get(IN_0).offset() : 0L);

        assertThat(committed).isEmpty();
        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("r0", "r1", "r2");
    }

    @Test
    void commitSync_commitsPositionsWithTheMembersGeneration() {
        kafka.append(IN_2, null, bytes("x"), List.of(), 0L);
        InMemoryConsumer consumer = consumer("a", "read_committed");
        consumer.subscribe(List.of("in"));
        consumer.poll(Duration.ZERO);

        consumer.commitSync();

        assertThat(consumer.committed(Set.of(IN_0, IN_2)))
                .isEqualTo(Map.of(IN_0, new OffsetAndMetadata(0), IN_2, new OffsetAndMetadata(1)));
    }

    @Test
    void pausedPartition_isNotReadUntilResumed() {
        kafka.append(IN_0, null, bytes("x"), List.of(), 0L);
        InMemoryConsumer consumer = consumer("a", "read_committed");
        consumer.subscribe(List.of("in"));
        consumer.poll(Duration.ZERO);
        consumer.seek(IN_0, 0);

        consumer.pause(List.of(IN_0));
        assertThat(consumer.paused()).containsExactly(IN_0);
        assertThat(values(consumer.poll(Duration.ZERO))).isEmpty();

        consumer.resume(List.of(IN_0));
        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("x");
    }

    @Test
    void endOffsets_areTheLastStableOffsetForReadCommitted() {
        kafka.append(IN_0, null, bytes("x"), List.of(), 0L);
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        kafka.send(p, IN_0, null, bytes("open"), List.of(), 1L);

        assertThat(consumer("a", "read_committed").endOffsets(List.of(IN_0))).containsEntry(IN_0, 1L);
        assertThat(consumer("b", "read_uncommitted").endOffsets(List.of(IN_0))).containsEntry(IN_0, 2L);
        assertThat(consumer("c", "read_committed").beginningOffsets(List.of(IN_0))).containsEntry(IN_0, 0L);
    }

    // ---- group membership and rebalances

    @Test
    void secondMemberJoining_revokesAllThenAssignsEachItsRange() {
        RecordingListener aListener = new RecordingListener();
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"), aListener);
        a.poll(Duration.ZERO);
        assertThat(aListener.calls).containsExactly("assigned [in-0, in-1, in-2, in-3]");

        RecordingListener bListener = new RecordingListener();
        InMemoryConsumer b = consumer("b", "read_committed");
        b.subscribe(List.of("in"), bListener);
        a.poll(Duration.ZERO);
        b.poll(Duration.ZERO);

        assertThat(aListener.calls).containsExactly("assigned [in-0, in-1, in-2, in-3]",
                "revoked [in-0, in-1, in-2, in-3]", "assigned [in-0, in-1]");
        assertThat(bListener.calls).containsExactly("assigned [in-2, in-3]");
        assertThat(a.assignment()).containsExactlyInAnyOrder(IN_0, IN_1);
        assertThat(b.assignment()).containsExactlyInAnyOrder(IN_2, IN_3);
    }

    @Test
    void listener_canReadPositionsOfAssignedPartitionsAndSeek() {
        kafka.commitOffsets(Map.of(IN_1, new OffsetAndMetadata(0)), new ConsumerGroupMetadata(GROUP));
        kafka.append(IN_1, null, bytes("x"), List.of(), 0L);
        kafka.append(IN_1, null, bytes("y"), List.of(), 0L);
        InMemoryConsumer consumer = consumer("a", "read_committed");
        Map<TopicPartition, Long> seen = new HashMap<>();
        consumer.subscribe(List.of("in"), new RecordingListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                partitions.forEach(tp -> seen.put(tp, consumer.position(tp)));
                consumer.seek(IN_1, 1);
            }
        });

        assertThat(values(consumer.poll(Duration.ZERO))).containsExactly("y");
        assertThat(seen).containsEntry(IN_1, 0L).containsEntry(IN_0, 0L);
    }

    @Test
    void groupMetadata_reportsTheGenerationOfTheMembersLastRebalance() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"));
        assertThat(a.groupMetadata().generationId()).isEqualTo(-1);
        a.poll(Duration.ZERO);
        assertThat(a.groupMetadata().generationId()).isEqualTo(1);
        assertThat(a.groupMetadata().memberId()).isEqualTo("a-1");

        consumer("b", "read_committed").subscribe(List.of("in"));

        assertThat(a.groupMetadata().generationId()).isEqualTo(1);
        a.poll(Duration.ZERO);
        assertThat(a.groupMetadata().generationId()).isEqualTo(2);
        a.commitSync(Map.of(IN_0, new OffsetAndMetadata(0)));
    }

    @Test
    void staleMember_mayCommitOnlyPartitionsItStillOwns_asWhileARebalanceIsPrepared() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"));
        a.poll(Duration.ZERO);
        consumer("b", "read_committed").subscribe(List.of("in"));

        a.commitSync(Map.of(IN_3, new OffsetAndMetadata(5)));
        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN_3, new OffsetAndMetadata(5));

        kafka.leaveGroup(GROUP, "a-1");
        assertThatThrownBy(() -> a.commitSync(Map.of(IN_3, new OffsetAndMetadata(6))))
                .as("a member removed from the group is a zombie")
                .isInstanceOf(CommitFailedException.class);
    }

    @Test
    void newOwner_takesAPartitionOnlyAfterItsPreviousOwnerRevokedIt() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"));
        a.poll(Duration.ZERO);
        InMemoryConsumer b = consumer("b", "read_committed");
        b.subscribe(List.of("in"));

        b.poll(Duration.ZERO);
        assertThat(b.assignment()).as("a still owns everything").isEmpty();
        a.poll(Duration.ZERO);
        assertThat(a.assignment()).containsExactlyInAnyOrder(IN_0, IN_1);
        b.poll(Duration.ZERO);
        assertThat(b.assignment()).containsExactlyInAnyOrder(IN_2, IN_3);
        assertThat(kafka.partitionsAwaitingHandover(GROUP)).isEmpty();
    }

    @Test
    void commitInsideRevocation_isAcceptedBecauseNoNewOwnerCanReadBeforeIt() {
        InMemoryConsumer a = consumer("a", "read_committed");
        List<Throwable> errors = new ArrayList<>();
        a.subscribe(List.of("in"), new RecordingListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                try {
                    a.commitSync(Map.of(IN_3, new OffsetAndMetadata(5)));
                } catch (CommitFailedException e) {
                    errors.add(e);
                }
            }
        });
        a.poll(Duration.ZERO);
        consumer("b", "read_committed").subscribe(List.of("in"));

        a.poll(Duration.ZERO);

        assertThat(errors).isEmpty();
        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN_3, new OffsetAndMetadata(5));
    }

    @Test
    void expelledMember_reportsItsStaleGenerationUntilItLosesItsPartitionsAndRejoinsOnNextPoll() {
        RecordingListener listener = new RecordingListener();
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"), listener);
        a.poll(Duration.ZERO);

        kafka.leaveGroup(GROUP, "a-1");
        assertThat(a.groupMetadata().generationId()).as("a zombie still reports its last join").isEqualTo(1);
        assertThat(a.groupMetadata().memberId()).isEqualTo("a-1");
        assertThatThrownBy(() -> a.commitSync(Map.of(IN_0, new OffsetAndMetadata(1))))
                .isInstanceOf(CommitFailedException.class).hasMessageContaining("UNKNOWN_MEMBER_ID");
        a.poll(Duration.ZERO);

        assertThat(listener.calls).containsExactly("assigned [in-0, in-1, in-2, in-3]",
                "lost [in-0, in-1, in-2, in-3]", "assigned [in-0, in-1, in-2, in-3]");
        assertThat(a.groupMetadata().memberId()).isEqualTo("a-2");
        assertThat(a.groupMetadata().generationId()).isEqualTo(kafka.generation(GROUP));
    }

    @Test
    void listenerException_isThrownFromPollAfterTheRebalanceCompletes() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"), new RecordingListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                throw new IllegalStateException("boom");
            }
        });

        assertThatThrownBy(() -> a.poll(Duration.ZERO)).isInstanceOf(KafkaException.class).hasRootCauseMessage("boom");
        assertThat(a.assignment()).hasSize(4);
        assertThat(a.groupMetadata().generationId()).isEqualTo(1);
    }

    @Test
    void unsubscribe_revokesThroughTheListenerAndLeavesTheGroup() {
        RecordingListener listener = new RecordingListener();
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"), listener);
        a.poll(Duration.ZERO);

        a.unsubscribe();

        assertThat(listener.calls).containsExactly("assigned [in-0, in-1, in-2, in-3]",
                "revoked [in-0, in-1, in-2, in-3]");
        assertThat(kafka.members(GROUP)).isEmpty();
        assertThat(a.assignment()).isEmpty();
        assertThat(a.subscription()).isEmpty();
        assertThat(a.groupMetadata().generationId()).as("KafkaConsumer keeps the last join's metadata").isEqualTo(1);
        assertThatThrownBy(() -> a.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void close_leavesTheGroupUnlessAskedToRemain() {
        InMemoryConsumer leaving = consumer("a", "read_committed");
        leaving.subscribe(List.of("in"));
        InMemoryConsumer crashed = consumer("b", "read_committed");
        crashed.subscribe(List.of("in"));

        leaving.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        crashed.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));

        assertThat(kafka.members(GROUP)).containsExactly("b-2");
        assertThatThrownBy(() -> leaving.poll(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
        leaving.close();
    }

    @Test
    void close_revokesOwnedPartitionsThroughTheListenerBeforeLeaving() {
        RecordingListener listener = new RecordingListener();
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"), listener);
        a.poll(Duration.ZERO);

        a.close(CloseOptions.timeout(Duration.ofSeconds(5)));

        assertThat(listener.calls).containsExactly("assigned [in-0, in-1, in-2, in-3]",
                "revoked [in-0, in-1, in-2, in-3]");
        assertThat(kafka.members(GROUP)).isEmpty();
    }

    @Test
    void seekOnUnassignedPartition_isRejected() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"));

        assertThatThrownBy(() -> a.seek(IN_0, 0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No current assignment for partition in-0");
    }

    @Test
    void wakeup_makesTheNextPollThrowOnce() {
        InMemoryConsumer a = consumer("a", "read_committed");
        a.subscribe(List.of("in"));

        a.wakeup();

        assertThatThrownBy(() -> a.poll(Duration.ZERO)).isInstanceOf(WakeupException.class);
        assertThat(a.poll(Duration.ZERO).isEmpty()).isTrue();
    }

    @Test
    void methodsTheRuntimeDoesNotUse_throwNamingTheMethod() {
        InMemoryConsumer a = consumer("a", "read_committed");

        assertThatThrownBy(a::commitAsync).isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("not modelled by the in-memory cluster: commitAsync()");
    }

    @Test
    void invalidIsolationLevel_isRejectedNamingTheKey() {
        assertThatThrownBy(() -> new InMemoryConsumer(kafka, Map.of("isolation.level", "serializable")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("isolation.level=serializable");
    }

    private InMemoryConsumer consumer(String clientId, String isolation) {
        return new InMemoryConsumer(kafka, Map.of("group.id", GROUP, "client.id", clientId,
                "isolation.level", isolation, "auto.offset.reset", "earliest"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(UTF_8);
    }

    private static List<String> values(ConsumerRecords<byte[], byte[]> records) {
        List<String> values = new ArrayList<>();
        records.forEach(r -> values.add(new String(r.value(), UTF_8)));
        return values;
    }

    /** Records every callback as "kind [sorted partitions]". */
    private static class RecordingListener implements ConsumerRebalanceListener {
        final List<String> calls = new ArrayList<>();

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            calls.add("revoked " + sorted(partitions));
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            calls.add("assigned " + sorted(partitions));
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            calls.add("lost " + sorted(partitions));
        }

        private static List<String> sorted(Collection<TopicPartition> partitions) {
            return List.copyOf(new TreeSet<>(partitions.stream().map(Object::toString).toList()));
        }
    }
}
