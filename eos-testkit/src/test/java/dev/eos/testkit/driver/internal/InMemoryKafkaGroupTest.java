package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryKafkaGroupTest {
    private static final String GROUP = "app";
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);

    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 4);
    }

    @Test
    void shouldBumpGenerationOnJoinAndLeave() {
        assertThat(kafka.generation(GROUP)).isZero();

        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        assertThat(kafka.generation(GROUP)).isEqualTo(1);
        String b = kafka.joinGroup(GROUP, "b", Set.of("in"));
        assertThat(kafka.generation(GROUP)).isEqualTo(2);
        kafka.leaveGroup(GROUP, a);
        assertThat(kafka.generation(GROUP)).isEqualTo(3);

        assertThat(kafka.members(GROUP)).containsExactly(b);
    }

    @Test
    void shouldNotBumpGenerationWhenUnknownMemberLeavesOrSubscriptionIsUnchanged() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        kafka.leaveGroup(GROUP, "nobody");
        kafka.resubscribe(GROUP, a, Set.of("in"));

        assertThat(kafka.generation(GROUP)).isEqualTo(1);
    }

    @Test
    void shouldSplitPartitionsInRangesAcrossMembers() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        String b = kafka.joinGroup(GROUP, "b", Set.of("in"));

        assertThat(kafka.assignment(GROUP)).isEqualTo(Map.of(
                a, Set.of(IN_0, new TopicPartition("in", 1)),
                b, Set.of(new TopicPartition("in", 2), new TopicPartition("in", 3))));
    }

    @Test
    void shouldRejectTransactionalOffsetsFromStaleGeneration() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        ConsumerGroupMetadata stale = kafka.groupMetadata(GROUP, a);
        kafka.joinGroup(GROUP, "b", Set.of("in"));
        ProducerSession p = kafka.initTransactions("tx");
        kafka.beginTransaction(p);

        assertThatThrownBy(() -> kafka.sendOffsetsToTransaction(p, Map.of(IN_0, new OffsetAndMetadata(5)), stale))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("generation 1")
                .hasMessageContaining("generation 2");

        kafka.commitTransaction(p);
        assertThat(kafka.committedOffsets(GROUP)).isEmpty();
    }

    @Test
    void shouldRejectOffsetsFromMemberThatLeft() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));
        ConsumerGroupMetadata metadata = kafka.groupMetadata(GROUP, a);
        kafka.joinGroup(GROUP, "b", Set.of("in"));
        kafka.leaveGroup(GROUP, a);
        ConsumerGroupMetadata sameGenerationNumber = new ConsumerGroupMetadata(GROUP, kafka.generation(GROUP),
                metadata.memberId(), Optional.empty());

        assertThatThrownBy(() -> kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(5)), sameGenerationNumber))
                .isInstanceOf(CommitFailedException.class)
                .hasMessageContaining("not in group");
    }

    @Test
    void shouldRejectPlainAnonymousOffsetsWhenGroupHasMembers() {
        kafka.joinGroup(GROUP, "a", Set.of("in"));
        ConsumerGroupMetadata anonymous = new ConsumerGroupMetadata(GROUP);

        assertThatThrownBy(() -> kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(5)), anonymous))
                .isInstanceOf(CommitFailedException.class);
    }

    @Test
    void shouldAcceptAnonymousOffsetsWhenGroupIsEmpty() {
        kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(5)), new ConsumerGroupMetadata(GROUP));

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN_0, new OffsetAndMetadata(5));
    }

    @Test
    void shouldAcceptOffsetsFromCurrentGenerationMember() {
        String a = kafka.joinGroup(GROUP, "a", Set.of("in"));

        kafka.commitOffsets(Map.of(IN_0, new OffsetAndMetadata(5)), kafka.groupMetadata(GROUP, a));

        assertThat(kafka.committedOffsets(GROUP)).containsEntry(IN_0, new OffsetAndMetadata(5));
    }
}
