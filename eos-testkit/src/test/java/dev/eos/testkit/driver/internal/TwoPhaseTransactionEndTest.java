package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commit and abort decide at once; each partition's marker and each group's offsets land later, in any order. */
class TwoPhaseTransactionEndTest {
    private static final TopicPartition OUT_0 = new TopicPartition("out", 0);
    private static final TopicPartition OUT_1 = new TopicPartition("out", 1);
    private static final TopicPartition IN = new TopicPartition("in", 0);
    private static final String GROUP = "app";

    private InMemoryKafka kafka;
    private String member;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 1);
        kafka.createTopic("out", 2);
        member = kafka.joinGroup(GROUP, "c", Set.of("in"));
    }

    @Test
    void commitDecidesAtOnceButRecordsStayHiddenUntilTheirPartitionsMarkerLands() {
        ProducerSession p = committedWithOffsets("tx", 7, "a", "b");

        assertThat(p.inTransaction()).as("the producer may begin its next transaction").isFalse();
        assertThat(values(OUT_0)).isEmpty();
        assertThat(kafka.pendingMarkers()).extracting(PendingMarker::toString).containsExactly(
                "COMMITTED marker of transactional.id=tx in out-0",
                "COMMITTED marker of transactional.id=tx in out-1",
                "COMMITTED marker of transactional.id=tx in the offsets of group app");

        kafka.deliverMarker(marker(m -> OUT_0.equals(m.partition())));

        assertThat(values(OUT_0)).containsExactly("a");
        assertThat(values(OUT_1)).as("its marker is still pending").isEmpty();
    }

    @Test
    void lastStableOffsetStaysAtTheTransactionsFirstOffsetUntilItsMarkerLands() {
        committedWithOffsets("tx", 7, "a", "b");
        kafka.append(OUT_0, null, "plain".getBytes(UTF_8), List.of(), 0L);

        assertThat(kafka.lastStableOffset(OUT_0)).isZero();
        assertThat(values(OUT_0)).as("committed records after it wait too").isEmpty();

        kafka.deliverAllMarkers();

        assertThat(values(OUT_0)).containsExactly("a", "plain");
        assertThat(kafka.lastStableOffset(OUT_0)).isEqualTo(kafka.highWatermark(OUT_0));
    }

    @Test
    void committedOffsetsStayUnchangedUntilTheGroupMarkerLands() {
        committedWithOffsets("tx", 7, "a", "b");
        kafka.deliverMarker(marker(m -> OUT_0.equals(m.partition())));
        kafka.deliverMarker(marker(m -> OUT_1.equals(m.partition())));

        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
        assertThat(values(OUT_0)).containsExactly("a");

        kafka.deliverMarker(marker(PendingMarker::forGroup));

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN, new OffsetAndMetadata(7));
    }

    @Test
    void groupMarkerMayLandBeforeThePartitionMarkers() {
        committedWithOffsets("tx", 7, "a", "b");

        kafka.deliverMarker(marker(PendingMarker::forGroup));

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN, new OffsetAndMetadata(7));
        assertThat(values(OUT_0)).isEmpty();
        assertThat(kafka.pendingMarkers()).hasSize(2);
    }

    @Test
    void abortedTransactionsOffsetsAreDroppedWhenItsGroupMarkerLands() {
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        kafka.sendOffsetsToTransaction(p, Map.of(IN, new OffsetAndMetadata(3)), kafka.groupMetadata(GROUP, member));
        kafka.abortTransaction(p);

        assertThat(kafka.offsetsUnstable(GROUP, IN)).as("a lookup lands the pending (not held) marker").isFalse();
        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
        assertThat(kafka.pendingMarkers()).isEmpty();
    }

    @Test
    void producersNextTransactionLandsItsPreviousMarkersFirst() {
        ProducerSession p = committedWithOffsets("tx", 7, "a", "b");
        kafka.holdMarkers(true);

        kafka.beginTransaction(p);
        assertThat(kafka.pendingMarkers()).as("beginTransaction alone asks the coordinator nothing").hasSize(3);
        send(p, OUT_0, "c");

        assertThat(kafka.pendingMarkers()).isEmpty();
        assertThat(values(OUT_0)).containsExactly("a");
        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN, new OffsetAndMetadata(7));
    }

    @Test
    void initTransactionsOfANewEpochLandsThePreviousOnesMarkersAndAbortsItsOpenTransactionAtOnce() {
        committedWithOffsets("tx", 7, "a", "b");
        ProducerSession previous = kafka.initTransactions("other");
        kafka.beginTransaction(previous);
        send(previous, OUT_0, "zombie");
        kafka.holdMarkers(true);

        kafka.initTransactions("tx");
        kafka.initTransactions("other");

        assertThat(kafka.pendingMarkers()).isEmpty();
        assertThat(values(OUT_0)).containsExactly("a");
        assertThat(kafka.lastStableOffset(OUT_0)).isEqualTo(kafka.highWatermark(OUT_0));
    }

    @Test
    void markerOfADeletedTopicIsDroppedAndNeverLandsInItsSuccessor() {
        committedWithOffsets("tx", 7, "a", "b");
        kafka.deleteTopic("out");
        kafka.createTopic("out", 2);

        kafka.deliverAllMarkers();

        assertThat(kafka.entries(OUT_0)).isEmpty();
        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN, new OffsetAndMetadata(7));
    }

    @Test
    void deliveringAMarkerThatIsNotPendingIsRefused() {
        committedWithOffsets("tx", 7, "a", "b");
        PendingMarker first = kafka.pendingMarkers().get(0);
        kafka.deliverMarker(first);

        assertThatThrownBy(() -> kafka.deliverMarker(first)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not pending");
    }

    /** A committed transaction writing {@code a} to out-0 and {@code b} to out-1 and offset {@code offset} for in-0. */
    private ProducerSession committedWithOffsets(String transactionalId, long offset, String a, String b) {
        ProducerSession p = kafka.initTransactions(transactionalId);
        kafka.beginTransaction(p);
        send(p, OUT_0, a);
        send(p, OUT_1, b);
        kafka.sendOffsetsToTransaction(p, Map.of(IN, new OffsetAndMetadata(offset)), kafka.groupMetadata(GROUP, member));
        kafka.commitTransaction(p);
        return p;
    }

    private PendingMarker marker(java.util.function.Predicate<PendingMarker> which) {
        return kafka.pendingMarkers().stream().filter(which).findFirst().orElseThrow();
    }

    private void send(ProducerSession p, TopicPartition tp, String value) {
        kafka.send(p, tp, null, value.getBytes(UTF_8), List.of(), 0L);
    }

    private List<String> values(TopicPartition tp) {
        return kafka.read(tp, 0, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED).records().stream()
                .map(r -> new String(r.value(), UTF_8)).toList();
    }
}
