package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The blocking offset lookups of one {@link InMemoryConsumer}: {@code committed()} and a
 * {@code position()} that resolves a committed offset. Both fetch stable offsets, as the classic
 * {@code KafkaConsumer} always does (its OffsetFetch sets {@code require_stable}); the group
 * answers UNSTABLE_OFFSET_COMMIT for a partition while a transaction that sent offsets for it is
 * open, or ended with its group marker held back. A real consumer retries until its timeout
 * ({@code default.api.timeout.ms} by default) and throws {@link TimeoutException}; the model's
 * clock does not move inside a call, so it throws at once. A pending group marker that is not
 * held lands first ({@link InMemoryKafka#offsetsUnstable}), as it would within the retries.
 *
 * <p>An injected fault at {@link FaultHooks.Point#OFFSET_LOOKUP} strikes at the start of either
 * lookup of a subscribed consumer, before anything is looked up.
 */
final class OffsetLookup {
    private final InMemoryKafka kafka;
    private final String groupId;
    private final String clientId;
    private final ConsumerPositions positions;
    private final FaultHooks faults;
    private final Duration defaultApiTimeout;

    OffsetLookup(InMemoryKafka kafka, ConsumerSettings settings, ConsumerPositions positions, FaultHooks faults) {
        this.kafka = kafka;
        this.groupId = settings.groupId();
        this.clientId = settings.clientId();
        this.positions = positions;
        this.faults = faults;
        this.defaultApiTimeout = Duration.ofMillis(settings.defaultApiTimeoutMs());
    }

    Duration defaultApiTimeout() {
        return defaultApiTimeout;
    }

    /** @param subscribed whether the consumer uses the group (only then may a fault strike) */
    long position(TopicPartition partition, Duration timeout, boolean subscribed) {
        strikeIfArmed(subscribed);
        OptionalLong position = positions.resolve(partition);
        if (position.isEmpty()) {
            throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position for "
                    + partition + " could be determined: " + unstable(Set.of(partition)));
        }
        return position.getAsLong();
    }

    /** The group's committed offsets of {@code partitions}; partitions without one are absent. */
    Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout,
                                                     boolean subscribed) {
        strikeIfArmed(subscribed);
        Set<TopicPartition> unstable = new TreeSet<>(Comparator.comparing(TopicPartition::toString));
        for (TopicPartition tp : partitions) {
            if (kafka.offsetsUnstable(groupId, tp)) {
                unstable.add(tp);
            }
        }
        if (!unstable.isEmpty()) {
            throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the last committed "
                    + "offset for partitions " + unstable + " could be determined: " + unstable(unstable));
        }
        Map<TopicPartition, OffsetAndMetadata> all = kafka.committedOffsets(groupId);
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (all.containsKey(tp)) {
                result.put(tp, all.get(tp));
            }
        }
        return result;
    }

    private String unstable(Set<TopicPartition> partitions) {
        return "group " + groupId + " answered UNSTABLE_OFFSET_COMMIT for " + partitions + " while a transaction "
                + "holding offsets for them is pending (the model does not wait out "
                + ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG + "=" + defaultApiTimeout.toMillis()
                + "; the transaction must end and its markers land)";
    }

    private void strikeIfArmed(boolean subscribed) {
        if (groupId != null && subscribed) {
            faults.reached(FaultHooks.Point.OFFSET_LOOKUP, clientId);
        }
    }
}
