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
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group consumer fetches committed offsets requiring stable ones: while a transaction holding
 * offsets for a partition is pending, {@code committed()} and a {@code position()} that must
 * resolve the committed offset time out, and {@code poll()} leaves the partition unfetched.
 */
class UnstableOffsetCommitTest {
    private static final String GROUP = "app";
    private static final TopicPartition IN_0 = new TopicPartition("in", 0);
    private static final TopicPartition IN_1 = new TopicPartition("in", 1);

    private InMemoryKafka kafka;
    private FaultHooks faults;
    private InMemoryConsumer consumer;
    private ProducerSession other;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 2);
        for (int i = 0; i < 4; i++) {
            kafka.append(IN_0, null, ("r" + i).getBytes(UTF_8), List.of(), 0L);
            kafka.append(IN_1, null, ("r" + i).getBytes(UTF_8), List.of(), 0L);
        }
        faults = new FaultHooks();
        consumer = new InMemoryConsumer(kafka, Map.of("group.id", GROUP, "client.id", "c",
                "isolation.level", "read_committed", "auto.offset.reset", "earliest",
                "default.api.timeout.ms", 30_000), () -> 0L, faults);
        consumer.subscribe(List.of("in"));
        consumer.poll(Duration.ZERO); // joined; positions resolved and read to the end
        other = kafka.initTransactions("other");
        kafka.beginTransaction(other);
        kafka.sendOffsetsToTransaction(other, Map.of(IN_0, new OffsetAndMetadata(2)),
                kafka.groupMetadata(GROUP, consumer.groupMetadata().memberId()));
    }

    @Test
    void committedTimesOutWhileATransactionHoldingOffsetsForThePartitionIsOpen() {
        assertThatThrownBy(() -> consumer.committed(Set.of(IN_0, IN_1)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("Timeout of 30000ms")
                .hasMessageContaining("UNSTABLE_OFFSET_COMMIT for [in-0]")
                .hasMessageContaining("default.api.timeout.ms=30000");
        assertThat(consumer.committed(Set.of(IN_1))).as("other partitions are stable").isEmpty();
    }

    @Test
    void positionTimesOutOnlyWhenItMustResolveAnUnstableCommittedOffset() {
        assertThat(consumer.position(IN_0)).as("known already").isEqualTo(4);
        List<Object> seenInCallback = new ArrayList<>();
        consumer.subscribe(List.of("in"), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                try {
                    consumer.position(IN_0, Duration.ofSeconds(5));
                } catch (TimeoutException e) {
                    seenInCallback.add(e.getMessage());
                }
                seenInCallback.add(consumer.position(IN_1));
            }
        });

        rejoin();
        consumer.poll(Duration.ZERO);

        assertThat(seenInCallback).hasSize(2);
        assertThat(seenInCallback.get(0)).asString().contains("Timeout of 5000ms").contains("position for in-0");
        assertThat(seenInCallback.get(1)).as("no committed offset: reset to earliest").isEqualTo(0L);
    }

    @Test
    void pollLeavesAPartitionWithAnUnstableCommittedOffsetUnfetched() {
        rejoin();

        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ZERO);

        assertThat(records.partitions()).containsExactly(IN_1);
        assertThat(consumer.poll(Duration.ZERO).isEmpty()).isTrue();
        kafka.commitTransaction(other);
        assertThat(consumer.poll(Duration.ZERO).partitions())
                .as("the group marker of the ended transaction lands while the lookup waits").containsExactly(IN_0);
        assertThat(consumer.position(IN_0)).isEqualTo(4);
    }

    @Test
    void heldGroupMarkerKeepsTheLookupFailing() {
        kafka.commitTransaction(other);
        kafka.holdMarkers(true);

        assertThatThrownBy(() -> consumer.committed(Set.of(IN_0))).isInstanceOf(TimeoutException.class);

        kafka.deliverAllMarkers();
        assertThat(consumer.committed(Set.of(IN_0))).containsEntry(IN_0, new OffsetAndMetadata(2));
    }

    @Test
    void injectedLookupFaultStrikesTheNextCommittedOrPositionCallOnce() {
        kafka.abortTransaction(other);
        faults.arm(FaultHooks.Point.OFFSET_LOOKUP, 2, client -> {
            throw new TimeoutException("injected in " + client);
        });

        assertThat(consumer.position(IN_1)).isEqualTo(4);
        assertThatThrownBy(() -> consumer.committed(Set.of(IN_1))).isInstanceOf(TimeoutException.class)
                .hasMessage("injected in c");
        assertThat(consumer.committed(Set.of(IN_1))).isEmpty();
    }

    /**
     * Another member joins and leaves: at its next poll this one revokes everything (forgetting
     * its positions) and is assigned both partitions again.
     */
    private void rejoin() {
        InMemoryConsumer b = new InMemoryConsumer(kafka, new HashMap<>(Map.of("group.id", GROUP, "client.id", "b")));
        b.subscribe(List.of("in"));
        b.close();
    }
}
