package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A {@link Consumer} of bytes backed by an {@link InMemoryKafka}: what the runtime's processing
 * thread gets from the test driver's client factory in place of a {@code KafkaConsumer}.
 *
 * <p><b>Group protocol.</b> {@link #subscribe(Collection, ConsumerRebalanceListener) subscribe}
 * joins the group at once; the model bumps the group's generation. The member keeps its own
 * view of the generation, the one of its last rebalance, and {@link #groupMetadata()} reports
 * that view, as a real consumer reports the generation of its last join. Each {@link #poll}
 * first compares the view with the group (eager protocol, run on the caller's thread):
 * <ol>
 *   <li>If the driver removed this member from the group, its partitions are lost:
 *       {@code onPartitionsLost}, then it joins again as a new member.</li>
 *   <li>If the group's generation moved on, every owned partition is revoked
 *       ({@code onPartitionsRevoked}, while {@code groupMetadata()} still shows the old
 *       generation), the view is brought to the current generation, and the member's range
 *       assignment is handed to {@code onPartitionsAssigned}.</li>
 *   <li>Records are read from each unpaused assigned partition at the configured isolation
 *       level, up to {@code max.poll.records} in all, and the positions advance past them.</li>
 * </ol>
 * Because the model has no join barrier (another member may already read a partition before
 * its previous owner has polled), an offset commit made inside {@code onPartitionsRevoked}
 * carries the old generation and is refused by the zombie check: the previous owner's in-flight
 * transaction can never be committed over the new owner's work.
 *
 * <p><b>Time.</b> {@code poll} never blocks and ignores its timeout: the driver owns time and
 * simply polls again. A listener exception is rethrown from {@code poll} after the rebalance
 * completed, as Kafka does.
 *
 * <p>The group side lives in {@link ConsumerMembership}, the positions in
 * {@link ConsumerPositions}; methods the runtime does not use throw
 * {@link UnsupportedOperationException} ({@link NotModelledConsumerMethods}). Not thread safe
 * except {@link #wakeup()}, like Kafka's consumer.
 *
 * <pre>{@code
 * Consumer<byte[], byte[]> c = new InMemoryConsumer(kafka, Map.of(
 *         "group.id", "app", "client.id", "t0", "isolation.level", "read_committed"));
 * c.subscribe(List.of("in"), listener);
 * ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ZERO);   // assigns, then reads
 * }</pre>
 */
public final class InMemoryConsumer extends NotModelledConsumerMethods {

    private final InMemoryKafka kafka;
    private final String groupId;
    private final IsolationLevel isolation;
    private final int maxPollRecords;
    private final ConsumerPositions positions;
    private final ConsumerMembership membership;
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();

    /** Rotates the partition read first, so a small max.poll.records starves no partition. */
    private int firstPartition;
    private boolean closed;

    /**
     * @param config consumer configs; read are {@code group.id}, {@code client.id},
     *               {@code isolation.level}, {@code max.poll.records} and {@code auto.offset.reset}
     *               ({@link ConsumerSettings}); the rest (bootstrap servers, deserializers, ...) is ignored
     * @throws IllegalArgumentException if one of those has a value the model does not know
     */
    public InMemoryConsumer(InMemoryKafka kafka, Map<String, ?> config) {
        ConsumerSettings settings = ConsumerSettings.from(config);
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.groupId = settings.groupId();
        this.isolation = settings.isolation();
        this.maxPollRecords = settings.maxPollRecords();
        this.positions = new ConsumerPositions(kafka, groupId, isolation, settings.reset());
        this.membership = new ConsumerMembership(kafka, groupId, settings.clientId(), positions);
    }

    // ---- subscription and group membership

    /** Joins the group now (or changes this member's subscription); the rebalance runs in the next poll. */
    @Override
    public void subscribe(Collection<String> topics, ConsumerRebalanceListener callback) {
        ensureOpen();
        if (callback == null) {
            throw new IllegalArgumentException("RebalanceCallback cannot be null");
        }
        if (topics.isEmpty()) {
            unsubscribe();
            return;
        }
        if (membership.isManuallyAssigned()) {
            throw new IllegalStateException("Subscription to topics and manual partition assignment are mutually "
                    + "exclusive; call unsubscribe() first");
        }
        requireGroupId("subscribe()");
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException("Topic collection to subscribe to cannot contain null or empty "
                        + "topic, got " + topics);
            }
        }
        membership.subscribe(Set.copyOf(topics), callback);
    }

    @Override
    public void subscribe(Collection<String> topics) {
        subscribe(topics, ConsumerMembership.NO_LISTENER);
    }

    /** Takes {@code partitions} without a group: no rebalances, positions from committed offsets or reset. */
    @Override
    public void assign(Collection<TopicPartition> partitions) {
        ensureOpen();
        if (membership.isSubscribed()) {
            throw new IllegalStateException("Subscription to topics and manual partition assignment are mutually "
                    + "exclusive; call unsubscribe() first");
        }
        membership.assignManually(partitions);
    }

    /** Revokes the owned partitions through the listener (lost, if the member was expelled) and leaves the group. */
    @Override
    public void unsubscribe() {
        ensureOpen();
        firstPartition = 0;
        throwIfPresent(membership.leave());
    }

    @Override
    public Set<TopicPartition> assignment() {
        ensureOpen();
        return membership.assignment();
    }

    @Override
    public Set<String> subscription() {
        ensureOpen();
        return membership.subscription();
    }

    /** The group id, and this member's id and generation of its last rebalance; -1 and "" when not a member. */
    @Override
    public ConsumerGroupMetadata groupMetadata() {
        ensureOpen();
        requireGroupId("groupMetadata()");
        return membership.metadata();
    }

    // ---- polling

    /**
     * Runs a pending rebalance, then returns what is readable now; never waits.
     *
     * @throws WakeupException if {@link #wakeup()} was called since the last poll
     * @throws org.apache.kafka.common.KafkaException the first exception a rebalance listener threw
     */
    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        ensureOpen();
        if (wakeupRequested.getAndSet(false)) {
            throw new WakeupException();
        }
        if (!membership.isSubscribed() && !membership.isManuallyAssigned()) {
            throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
        }
        if (membership.isSubscribed()) {
            throwIfPresent(membership.sync());
        }
        return fetch();
    }

    /** Wakes the next (or current) poll: it throws {@link WakeupException}. Safe from any thread. */
    @Override
    public void wakeup() {
        wakeupRequested.set(true);
    }

    /** Step 3: up to max.poll.records, the first partition read rotating from poll to poll. */
    private ConsumerRecords<byte[], byte[]> fetch() {
        List<TopicPartition> readable = new ArrayList<>(membership.assignment());
        readable.removeIf(positions::isPaused);
        readable.sort(Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
        Map<TopicPartition, OffsetAndMetadata> nextOffsets = new HashMap<>();
        int budget = maxPollRecords;
        for (int i = 0; i < readable.size() && budget > 0; i++) {
            TopicPartition tp = readable.get((firstPartition + i) % readable.size());
            Fetch fetch = kafka.read(tp, positions.position(tp), budget, isolation);
            positions.seek(tp, fetch.nextOffset());
            nextOffsets.put(tp, new OffsetAndMetadata(fetch.nextOffset()));
            if (!fetch.records().isEmpty()) {
                records.put(tp, fetch.records().stream().map(r -> toConsumerRecord(tp, r)).toList());
                budget -= fetch.records().size();
            }
        }
        firstPartition = readable.isEmpty() ? 0 : (firstPartition + 1) % readable.size();
        return records.isEmpty() ? ConsumerRecords.empty() : new ConsumerRecords<>(records, nextOffsets);
    }

    private static ConsumerRecord<byte[], byte[]> toConsumerRecord(TopicPartition tp, LoggedRecord r) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), r.offset(), r.timestamp(), TimestampType.CREATE_TIME,
                r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length,
                r.key(), r.value(), new RecordHeaders(r.headers()), Optional.empty());
    }

    // ---- positions and offsets

    @Override
    public void seek(TopicPartition partition, long offset) {
        ensureAssigned(partition, "seek");
        positions.seek(partition, offset);
    }

    @Override
    public void seek(TopicPartition partition, OffsetAndMetadata offsetAndMetadata) {
        seek(partition, offsetAndMetadata.offset());
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            seek(tp, 0L);
        }
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            seek(tp, positions.end(tp));
        }
    }

    @Override
    public long position(TopicPartition partition) {
        ensureAssigned(partition, "position");
        return positions.position(partition);
    }

    /** The visible end minus the position; empty before the partition was first read or if not assigned. */
    @Override
    public OptionalLong currentLag(TopicPartition partition) {
        if (!membership.assignment().contains(partition)) {
            return OptionalLong.empty();
        }
        long lag = positions.lag(partition);
        return lag < 0 ? OptionalLong.empty() : OptionalLong.of(lag);
    }

    @Override
    public long position(TopicPartition partition, Duration timeout) {
        return position(partition);
    }

    /** The group's committed offsets of {@code partitions}; partitions without one are absent. */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions) {
        ensureOpen();
        requireGroupId("committed()");
        Map<TopicPartition, OffsetAndMetadata> all = kafka.committedOffsets(groupId);
        Map<TopicPartition, OffsetAndMetadata> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            if (all.containsKey(tp)) {
                result.put(tp, all.get(tp));
            }
        }
        return result;
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        return committed(partitions);
    }

    /** Commits the current positions of every assigned partition, with this member's generation. */
    @Override
    public void commitSync() {
        ensureOpen();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : membership.assignment()) {
            offsets.put(tp, new OffsetAndMetadata(positions.position(tp)));
        }
        commitSync(offsets);
    }

    @Override
    public void commitSync(Duration timeout) {
        commitSync();
    }

    /** @throws org.apache.kafka.clients.consumer.CommitFailedException if this member's generation is stale */
    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        ensureOpen();
        kafka.commitOffsets(offsets, groupMetadata());
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
        commitSync(offsets);
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        ensureOpen();
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            result.put(tp, kafka.logStartOffset(tp)); // fails for an unknown partition, as the end offsets do
        }
        return result;
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return beginningOffsets(partitions);
    }

    /** The last stable offset for a read_committed consumer, the high watermark otherwise. */
    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions) {
        ensureOpen();
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            result.put(tp, positions.end(tp));
        }
        return result;
    }

    @Override
    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> partitions, Duration timeout) {
        return endOffsets(partitions);
    }

    @Override
    public Set<TopicPartition> paused() {
        ensureOpen();
        return positions.paused();
    }

    @Override
    public void pause(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> ensureAssigned(tp, "pause"));
        positions.pause(Set.copyOf(partitions));
    }

    @Override
    public void resume(Collection<TopicPartition> partitions) {
        partitions.forEach(tp -> ensureAssigned(tp, "resume"));
        positions.resume(Set.copyOf(partitions));
    }

    // ---- closing

    @Override
    public void close() {
        close(CloseOptions.timeout(Duration.ZERO));
    }

    @Override
    public void close(Duration timeout) {
        close(CloseOptions.timeout(timeout));
    }

    /**
     * Leaves the group after revoking the owned partitions through the listener, unless the
     * options say {@code REMAIN_IN_GROUP}: then the member stays in the group, as a crashed
     * consumer does until its session times out, and the driver must expel it. Closing twice
     * is a no-op.
     */
    @Override
    public void close(CloseOptions option) {
        if (closed) {
            return;
        }
        try {
            if (option.groupMembershipOperation() != CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP) {
                throwIfPresent(membership.leave());
            }
        } finally {
            closed = true;
        }
    }

    // ---- checks

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This consumer has already been closed.");
        }
    }

    private void ensureAssigned(TopicPartition partition, String method) {
        ensureOpen();
        Set<TopicPartition> assigned = membership.assignment();
        if (!assigned.contains(partition)) {
            throw new IllegalStateException("No current assignment for partition " + partition + " in " + method
                    + "(); assigned are " + new TreeSet<>(assigned.stream().map(Object::toString).toList()));
        }
    }

    private void requireGroupId(String method) {
        if (groupId == null || groupId.isBlank()) {
            throw new InvalidGroupIdException(method + " needs group management: set "
                    + ConsumerConfig.GROUP_ID_CONFIG + " in the consumer config (got "
                    + ConsumerConfig.GROUP_ID_CONFIG + "=" + groupId + ")");
        }
    }

    private static void throwIfPresent(RuntimeException listenerError) {
        if (listenerError != null) {
            throw listenerError;
        }
    }
}
