package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionLogTest {
    private final PartitionLog log = new PartitionLog(new TopicPartition("t", 0));

    @Test
    void shouldMoveLastStableOffsetToNextOpenTransactionWhenEarlierOneEnds() {
        log.appendTransactional(1, null, new byte[] {1}, List.of(), 0);
        log.appendTransactional(2, null, new byte[] {2}, List.of(), 0);

        log.endTransaction(1, TransactionState.ABORTED);

        assertThat(log.lastStableOffset()).isEqualTo(1);
        log.endTransaction(2, TransactionState.COMMITTED);
        assertThat(log.lastStableOffset()).isEqualTo(log.highWatermark()).isEqualTo(4);
    }

    @Test
    void shouldAppendOneMarkerPerEndedTransactionAndNoneForProducerThatNeverWroteHere() {
        log.appendTransactional(1, null, new byte[] {1}, List.of(), 0);
        log.endTransaction(1, TransactionState.COMMITTED);
        log.endTransaction(7, TransactionState.ABORTED);

        assertThat(log.entries()).extracting(LoggedRecord::control).containsExactly(false, true);
        assertThat(log.entries()).extracting(LoggedRecord::state)
                .containsExactly(TransactionState.COMMITTED, TransactionState.COMMITTED);
    }

    @Test
    void shouldStopReadingAtMaxRecordsWithNextOffsetAfterLastReturned() {
        for (int i = 0; i < 5; i++) {
            log.appendCommitted(null, new byte[] {(byte) i}, List.of(), i);
        }

        Fetch fetch = log.read(1, 2, IsolationLevel.READ_COMMITTED);

        assertThat(fetch.records()).extracting(LoggedRecord::offset).containsExactly(1L, 2L);
        assertThat(fetch.nextOffset()).isEqualTo(3);
    }

    @Test
    void shouldRejectReadBeyondLogEnd() {
        assertThatThrownBy(() -> log.read(1, 10, IsolationLevel.READ_UNCOMMITTED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range");
    }
}
