package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommittedTimesTest {

    @Test
    void streamTimeAndProcessorClocks_shouldReadBackAsWritten() {
        Map<String, Long> clocks = new LinkedHashMap<>();
        clocks.put("WINDOWED-COUNT-0000000003", 25_000L);
        clocks.put("by-user-WINDOWED-REDUCE-0000000007", 0L);

        String metadata = CommittedTimes.encode(30_000, clocks);

        assertThat(metadata).isEqualTo("st=30000;WINDOWED-COUNT-0000000003=25000;by-user-WINDOWED-REDUCE-0000000007=0");
        assertThat(CommittedTimes.decode(metadata)).isEqualTo(new CommittedTimes(30_000, clocks));
    }

    @Test
    void metadataWrittenBeforeProcessorClocks_shouldReadAsStreamTimeWithoutClocks() {
        assertThat(CommittedTimes.decode("st=1234")).isEqualTo(new CommittedTimes(1234, Map.of()));
        assertThat(CommittedTimes.encode(1234, Map.of())).isEqualTo("st=1234");
    }

    @Test
    void noTimeYetOrForeignMetadata_shouldReadAsNothingObserved() {
        assertThat(CommittedTimes.encode(-1, Map.of())).isEmpty();
        assertThat(CommittedTimes.decode(null)).isEqualTo(CommittedTimes.NONE);
        assertThat(CommittedTimes.decode("")).isEqualTo(CommittedTimes.NONE);
        assertThat(CommittedTimes.decode("written by another tool")).isEqualTo(CommittedTimes.NONE);
    }

    @Test
    void clocksMovedBeforeStreamTime_shouldStillBeCommitted() {
        // a wall-clock punctuator fed a windowed aggregation before the task had any input
        String metadata = CommittedTimes.encode(-1, Map.of("counts", 1_060_000L));

        assertThat(metadata).isEqualTo("st=-1;counts=1060000");
        assertThat(CommittedTimes.decode(metadata)).isEqualTo(new CommittedTimes(-1, Map.of("counts", 1_060_000L)));
    }

    @Test
    void metadataThatLooksLikeOursButIsNot_shouldFailNamingItAndTheFix() {
        assertThatThrownBy(() -> CommittedTimes.decode("st=5;garbage"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'st=5;garbage'").hasMessageContaining("Fix: reset the group's offsets");
        assertThatThrownBy(() -> CommittedTimes.decode("st=five"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'st=five'");
    }

    @Test
    void theTimesOfATasksPartitions_shouldCombineToTheLatestOfEach() {
        CommittedTimes one = new CommittedTimes(10, Map.of("a", 5L, "b", 9L));
        CommittedTimes other = new CommittedTimes(12, Map.of("a", 7L, "c", 1L));

        assertThat(one.max(other)).isEqualTo(new CommittedTimes(12, Map.of("a", 7L, "b", 9L, "c", 1L)));
        assertThat(CommittedTimes.NONE.max(one)).isEqualTo(one);
    }
}
