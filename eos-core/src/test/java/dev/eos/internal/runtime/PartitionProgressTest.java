package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class PartitionProgressTest {
    private static final TopicPartition P0 = new TopicPartition("in", 0);
    private static final TopicPartition P1 = new TopicPartition("in", 1);

    @Test
    void commitCarriesTheNextUnprocessedOffset_notTheEndOfTheFetchedBatch() {
        PartitionProgress progress = new PartitionProgress();
        PartitionProgress.Cursor cursor = progress.cursor(P0, 0);   // a poll returned offsets 0..9
        for (long offset = 0; offset <= 3; offset++) {
            progress.processed(cursor, offset);
        }
        // a stop request ends the batch here: 4..9 were fetched, not processed
        assertThat(progress.toCommit(tp -> "")).containsExactly(Map.entry(P0, new OffsetAndMetadata(4)));
        assertThat(progress.nextUnprocessed(P0)).isEqualTo(4);
    }

    @Test
    void partitionOfTheBatchNotReachedYet_staysAtItsFirstFetchedRecord() {
        PartitionProgress progress = new PartitionProgress();
        progress.cursor(P0, 10);
        progress.cursor(P1, 20);
        progress.processed(progress.cursor(P0, 10), 10);
        assertThat(progress.nextUnprocessed(P1)).isEqualTo(20);
        assertThat(progress.toCommit(tp -> "")).containsOnlyKeys(P0);
    }

    @Test
    void rewindAfterAnAbort_goesBackToTheLastCommitOfEveryPartition() {
        PartitionProgress progress = new PartitionProgress();
        PartitionProgress.Cursor c0 = progress.cursor(P0, 5);
        progress.processed(c0, 5);
        progress.processed(c0, 6);
        progress.onCommitted(progress.toCommit(tp -> ""));
        progress.processed(c0, 7);
        PartitionProgress.Cursor c1 = progress.cursor(P1, 40);
        progress.processed(c1, 40);

        Map<TopicPartition, Long> seeks = progress.rewind();

        assertThat(seeks).containsExactlyInAnyOrderEntriesOf(Map.of(P0, 7L, P1, 40L));
        assertThat(progress.hasUncommitted()).isFalse();
        assertThat(progress.nextUnprocessed(P0)).isEqualTo(7);
    }

    @Test
    void externalSinkOffset_isCommittedEvenWithoutRecords() {
        PartitionProgress progress = new PartitionProgress();
        progress.continueAt(P0, 100);
        assertThat(progress.hasUncommitted()).isTrue();
        assertThat(progress.toCommit(tp -> "")).containsExactly(Map.entry(P0, new OffsetAndMetadata(100)));
        assertThat(progress.rewind()).containsExactly(Map.entry(P0, 100L));
    }

    @Test
    void revokedPartition_isForgotten() {
        PartitionProgress progress = new PartitionProgress();
        progress.processed(progress.cursor(P0, 0), 0);
        progress.forget(List.of(P0));
        assertThat(progress.hasUncommitted()).isFalse();
        assertThat(progress.nextUnprocessed(P0)).isEqualTo(-1);
        assertThat(progress.rewind()).isEmpty();
    }
}
