package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class RangeAssignmentTest {

    @Test
    void shouldGiveExtraPartitionsToFirstMembersBySortedId() {
        var assignment = RangeAssignment.assign(Map.of("b", Set.of("t"), "a", Set.of("t")), t -> 3);

        assertThat(assignment.get("a")).containsExactlyInAnyOrder(tp("t", 0), tp("t", 1));
        assertThat(assignment.get("b")).containsExactly(tp("t", 2));
    }

    @Test
    void shouldAssignEachTopicOnlyAmongItsSubscribers() {
        var assignment = RangeAssignment.assign(Map.of("a", Set.of("x"), "b", Set.of("x", "y")),
                t -> t.equals("x") ? 2 : 1);

        assertThat(assignment.get("a")).containsExactly(tp("x", 0));
        assertThat(assignment.get("b")).containsExactlyInAnyOrder(tp("x", 1), tp("y", 0));
    }

    @Test
    void shouldLeaveSurplusMembersEmpty() {
        var assignment = RangeAssignment.assign(Map.of("a", Set.of("t"), "b", Set.of("t")), t -> 1);

        assertThat(assignment.get("a")).containsExactly(tp("t", 0));
        assertThat(assignment.get("b")).isEmpty();
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }
}
