package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryKafkaTransactionTest {
    private static final TopicPartition OUT = new TopicPartition("out", 0);
    private static final TopicPartition IN = new TopicPartition("in", 0);
    private static final String GROUP = "app";

    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 1);
        kafka.createTopic("out", 1);
    }

    @Test
    void shouldHideUncommittedRecordsFromReadCommittedButShowThemToReadUncommitted() {
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        send(p, OUT, "a");

        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).isEmpty();
        assertThat(values(OUT, IsolationLevel.READ_UNCOMMITTED)).containsExactly("a");
        assertThat(kafka.lastStableOffset(OUT)).isZero();
        assertThat(kafka.highWatermark(OUT)).isEqualTo(1);
    }

    @Test
    void shouldShowRecordsToReadCommittedOnceCommitted() {
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        send(p, OUT, "a");
        send(p, OUT, "b");
        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).containsExactly("a", "b");
        assertThat(kafka.lastStableOffset(OUT)).isEqualTo(kafka.highWatermark(OUT));
    }

    @Test
    void shouldNeverShowAbortedRecordsToReadCommittedEvenAfterLaterCommits() {
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        send(p, OUT, "aborted");
        kafka.abortTransaction(p);
        kafka.beginTransaction(p);
        send(p, OUT, "committed");
        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).containsExactly("committed");
        assertThat(values(OUT, IsolationLevel.READ_UNCOMMITTED)).containsExactly("aborted", "committed");
    }

    @Test
    void shouldHoldLastStableOffsetAtOpenTransactionOfAnotherProducer() {
        ProducerSession slow = kafka.initTransactions("slow");
        ProducerSession fast = kafka.initTransactions("fast");
        kafka.beginTransaction(slow);
        send(slow, OUT, "slow");
        kafka.beginTransaction(fast);
        send(fast, OUT, "fast");
        kafka.commitTransaction(fast);
        kafka.deliverAllMarkers();

        assertThat(kafka.lastStableOffset(OUT)).isZero();
        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).isEmpty();

        kafka.commitTransaction(slow);
        kafka.deliverAllMarkers();

        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).containsExactly("slow", "fast");
    }

    @Test
    void shouldMakeRecordsAndOffsetsVisibleOnceTheCommitsMarkersLand() {
        String member = kafka.joinGroup(GROUP, "c", Set.of("in"));
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        send(p, OUT, "a");
        kafka.sendOffsetsToTransaction(p, Map.of(IN, new OffsetAndMetadata(7)), kafka.groupMetadata(GROUP, member));

        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).isEmpty();

        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN, new OffsetAndMetadata(7));
        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).containsExactly("a");
    }

    @Test
    void shouldDropPendingOffsetsOnAbort() {
        String member = kafka.joinGroup(GROUP, "c", Set.of("in"));
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        kafka.sendOffsetsToTransaction(p, Map.of(IN, new OffsetAndMetadata(7)), kafka.groupMetadata(GROUP, member));
        kafka.abortTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(kafka.committedOffsets(GROUP)).isEmpty();

        kafka.beginTransaction(p);
        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
    }

    @Test
    void shouldFenceOldProducerAndAbortItsOpenTransactionWhenSameIdInitializes() {
        String member = kafka.joinGroup(GROUP, "c", Set.of("in"));
        ConsumerGroupMetadata metadata = kafka.groupMetadata(GROUP, member);
        ProducerSession zombie = kafka.initTransactions("tx");
        kafka.beginTransaction(zombie);
        send(zombie, OUT, "zombie");
        kafka.sendOffsetsToTransaction(zombie, Map.of(IN, new OffsetAndMetadata(3)), metadata);

        ProducerSession successor = kafka.initTransactions("tx");

        assertThat(successor.producerId()).isEqualTo(zombie.producerId());
        assertThat(successor.epoch()).isEqualTo((short) (zombie.epoch() + 1));
        assertThat(zombie.fenced()).isTrue();
        assertThat(kafka.lastStableOffset(OUT)).isEqualTo(kafka.highWatermark(OUT));
        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).isEmpty();
        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
        assertThatThrownBy(() -> send(zombie, OUT, "late")).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> kafka.commitTransaction(zombie)).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> kafka.beginTransaction(zombie)).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(() -> kafka.abortTransaction(zombie)).isInstanceOf(ProducerFencedException.class);
    }

    @Test
    void shouldLetSuccessorCommitWhileZombieRecordsStayHidden() {
        ProducerSession zombie = kafka.initTransactions("tx");
        kafka.beginTransaction(zombie);
        send(zombie, OUT, "zombie");
        ProducerSession successor = kafka.initTransactions("tx");

        kafka.beginTransaction(successor);
        send(successor, OUT, "successor");
        kafka.commitTransaction(successor);
        kafka.deliverAllMarkers();

        assertThat(values(OUT, IsolationLevel.READ_COMMITTED)).containsExactly("successor");
    }

    @Test
    void shouldNotLetFencedProducerChangeAnything() {
        ProducerSession zombie = kafka.initTransactions("tx");
        kafka.initTransactions("tx");
        List<LoggedRecord> before = kafka.entries(OUT);

        assertThatThrownBy(() -> send(zombie, OUT, "late")).isInstanceOf(ProducerFencedException.class);

        assertThat(kafka.entries(OUT)).isEqualTo(before);
    }

    @Test
    void shouldRejectSendOutsideTransaction() {
        ProducerSession p = kafka.initTransactions("tx");

        assertThatThrownBy(() -> send(p, OUT, "a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beginTransaction");
    }

    @Test
    void shouldSkipTransactionMarkersInNextOffset() {
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);
        send(p, OUT, "a");
        kafka.commitTransaction(p);
        kafka.deliverAllMarkers();

        Fetch fetch = kafka.read(OUT, 0, 100, IsolationLevel.READ_COMMITTED);

        assertThat(fetch.records()).extracting(LoggedRecord::offset).containsExactly(0L);
        assertThat(fetch.nextOffset()).isEqualTo(2);
        assertThat(kafka.read(OUT, fetch.nextOffset(), 100, IsolationLevel.READ_COMMITTED).records()).isEmpty();
    }

    private void send(ProducerSession p, TopicPartition tp, String value) {
        kafka.send(p, tp, null, value.getBytes(UTF_8), List.of(), 0L);
    }

    private List<String> values(TopicPartition tp, IsolationLevel isolation) {
        return kafka.read(tp, 0, Integer.MAX_VALUE, isolation).records().stream()
                .map(r -> new String(r.value(), UTF_8))
                .toList();
    }
}
