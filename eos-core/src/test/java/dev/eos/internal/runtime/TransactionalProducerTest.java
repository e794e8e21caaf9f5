package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransactionalProducerTest {
    private static final ConsumerGroupMetadata GROUP = new ConsumerGroupMetadata("app");
    private static final Map<TopicPartition, OffsetAndMetadata> OFFSETS =
            Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(42));

    /** Times out the first {@code timeouts} commits, then behaves. */
    private static final class FlakyCommitProducer extends MockProducer<byte[], byte[]> {
        int timeouts;
        int abortCalls;

        FlakyCommitProducer() {
            super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public void commitTransaction() {
            if (timeouts > 0) {
                timeouts--;
                throw new TimeoutException("commit timed out");
            }
            super.commitTransaction();
        }

        @Override
        public void abortTransaction() {
            abortCalls++;
            super.abortTransaction();
        }
    }

    private FlakyCommitProducer mock;
    private TransactionalProducer producer;

    @BeforeEach
    void setUp() {
        mock = new FlakyCommitProducer();
        producer = new TransactionalProducer(mock, "app-i-0", Clock.systemUTC(), Duration.ofSeconds(5));
        producer.initialize();
    }

    @Test
    void shouldBeginTransactionLazilyOnFirstSend() {
        assertThat(mock.transactionInFlight()).isFalse();
        producer.send(new ProducerRecord<>("out", new byte[] {1}));
        assertThat(mock.transactionInFlight()).isTrue();
        assertThat(producer.hasUncommittedOutput()).isTrue();
    }

    @Test
    void shouldCommitOffsetsInsideTheTransactionWithGroupMetadata() {
        producer.send(new ProducerRecord<>("out", new byte[] {1}));
        producer.commit(OFFSETS, GROUP);
        assertThat(mock.transactionCommitted()).isTrue();
        assertThat(mock.consumerGroupOffsetsHistory()).containsExactly(Map.of("app", OFFSETS));
        assertThat(producer.hasUncommittedOutput()).isFalse();
    }

    @Test
    void shouldCommitOffsetsEvenWhenNothingWasSent() {
        producer.commit(OFFSETS, GROUP);
        assertThat(mock.consumerGroupOffsetsHistory()).containsExactly(Map.of("app", OFFSETS));
        assertThat(mock.commitCount()).isEqualTo(1);
    }

    @Test
    void shouldRetryATimedOutCommitInsteadOfAborting() {
        mock.timeouts = 2;
        producer.send(new ProducerRecord<>("out", new byte[] {1}));
        producer.commit(OFFSETS, GROUP);
        assertThat(mock.transactionCommitted()).isTrue();
        assertThat(mock.abortCalls).isZero();
    }

    @Test
    void shouldReportUnknownOutcomeWhenCommitKeepsTimingOut() {
        producer = new TransactionalProducer(mock, "app-i-0", Clock.systemUTC(), Duration.ZERO);
        mock.timeouts = 1000;
        producer.send(new ProducerRecord<>("out", new byte[] {1}));
        assertThatThrownBy(() -> producer.commit(OFFSETS, GROUP))
                .isInstanceOf(CommitOutcomeUnknownException.class)
                .hasMessageContaining("app-i-0");
        assertThat(mock.abortCalls).isZero();
    }

    @Test
    void shouldSkipAbortWhenNoTransactionIsInFlight() {
        producer.abortIfInFlight();
        assertThat(mock.abortCalls).isZero();
    }

    @Test
    void shouldAbortTheTransactionInFlight() {
        producer.send(new ProducerRecord<>("out", new byte[] {1}));
        producer.abortIfInFlight();
        assertThat(mock.transactionAborted()).isTrue();
        assertThat(producer.hasUncommittedOutput()).isFalse();
    }

    @Test
    void shouldSurfaceFencingOnSendAsAClientErrorNotAUserError() {
        mock.fenceProducer();
        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("out", new byte[] {1})))
                .isInstanceOf(SendFailure.class)
                .hasCauseInstanceOf(ProducerFencedException.class);
        assertThat(ErrorClassifier.classify(new SendFailure(new ProducerFencedException("x"))))
                .isEqualTo(ErrorConsequence.FENCED);
    }
}
