package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator aborts a transaction, and fences its producer, once its {@code transaction.timeout.ms} has passed. */
class TransactionTimeoutModelTest {
    private static final TopicPartition OUT = new TopicPartition("out", 0);

    private final AtomicLong now = new AtomicLong(1_000);
    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka(now::get);
        kafka.createTopic("out", 1);
    }

    @Test
    void openTransactionIsAbortedAndItsProducerFencedOnceItsTimeoutPasses() {
        ProducerSession p = kafka.initTransactions("tx", 10_000);
        kafka.beginTransaction(p);
        send(p, "a");

        now.addAndGet(10_000);
        kafka.abortExpiredTransactions();
        assertThat(p.inTransaction()).as("start + timeout has not passed yet").isTrue();

        now.addAndGet(1);
        kafka.abortExpiredTransactions();

        assertThat(p.fenced()).isTrue();
        assertThat(kafka.pendingMarkers()).extracting(PendingMarker::outcome).containsExactly(TransactionState.ABORTED);
        assertThat(kafka.lastStableOffset(OUT)).as("until its marker lands").isZero();
        kafka.deliverAllMarkers();
        assertThat(kafka.lastStableOffset(OUT)).isEqualTo(kafka.highWatermark(OUT));
        assertThat(values()).isEmpty();
        assertThatThrownBy(() -> kafka.commitTransaction(p)).isInstanceOf(ProducerFencedException.class)
                .hasMessageContaining("transaction.timeout.ms=10000");
    }

    @Test
    void timedOutTransactionIsAbortedAtTheProducersNextCallWithoutAnyoneAsking() {
        ProducerSession p = kafka.initTransactions("tx", 10_000);
        kafka.beginTransaction(p);
        send(p, "a");
        now.addAndGet(60_000);

        assertThatThrownBy(() -> send(p, "b")).isInstanceOf(ProducerFencedException.class);
        assertThat(kafka.entries(OUT)).hasSize(1);
    }

    @Test
    void timeoutRunsFromTheFirstPartitionAdded() {
        ProducerSession p = kafka.initTransactions("tx", 10_000);
        kafka.beginTransaction(p);
        assertThat(kafka.earliestTransactionExpiry()).as("nothing added: nothing at the coordinator").isEmpty();
        now.addAndGet(50_000);
        send(p, "a");

        assertThat(kafka.earliestTransactionExpiry()).hasValue(now.get() + 10_000);
        now.addAndGet(5_000);
        send(p, "b");
        assertThat(kafka.earliestTransactionExpiry()).as("later sends do not extend it").hasValue(now.get() + 5_000);
    }

    @Test
    void restartingWithTheSameTransactionalIdStillAbortsAtOnce() {
        ProducerSession crashed = kafka.initTransactions("tx", 3_600_000);
        kafka.beginTransaction(crashed);
        send(crashed, "a");

        ProducerSession restarted = kafka.initTransactions("tx", 3_600_000);

        assertThat(crashed.fenced()).isTrue();
        assertThat(restarted.epoch()).isEqualTo((short) 1);
        assertThat(kafka.pendingMarkers()).isEmpty();
        assertThat(kafka.lastStableOffset(OUT)).isEqualTo(kafka.highWatermark(OUT));
    }

    @Test
    void epochBumpedByATimeoutIsSkippedByTheNextInitTransactions() {
        ProducerSession p = kafka.initTransactions("tx", 10_000);
        kafka.beginTransaction(p);
        send(p, "a");
        now.addAndGet(20_000);
        kafka.abortExpiredTransactions();

        assertThat(kafka.initTransactions("tx", 10_000).epoch()).isEqualTo((short) 2);
    }

    @Test
    void producerTakesItsTransactionTimeoutFromItsConfig() {
        InMemoryProducer producer = new InMemoryProducer(kafka,
                Map.of("transactional.id", "tx", "transaction.timeout.ms", 2_000), now::get);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("out", "v".getBytes(UTF_8)));

        assertThat(kafka.earliestTransactionExpiry()).hasValue(now.get() + 2_000);
        assertThatThrownBy(() -> new InMemoryProducer(kafka,
                Map.of("transactional.id", "tx", "transaction.timeout.ms", "soon"), now::get))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transaction.timeout.ms=soon");
    }

    private void send(ProducerSession p, String value) {
        kafka.send(p, OUT, null, value.getBytes(UTF_8), List.of(), now.get());
    }

    private List<String> values() {
        return kafka.read(OUT, 0, Integer.MAX_VALUE, IsolationLevel.READ_COMMITTED).records().stream()
                .map(r -> new String(r.value(), UTF_8)).toList();
    }
}
