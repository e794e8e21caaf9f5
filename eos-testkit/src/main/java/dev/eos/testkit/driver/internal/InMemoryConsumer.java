package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A {@link Consumer} of bytes backed by an {@link InMemoryKafka}: what the runtime's processing
 * thread gets from the test driver's client factory in place of a {@code KafkaConsumer}.
 *
 * <p><b>Group protocol.</b> {@link #subscribe(Collection, ConsumerRebalanceListener) subscribe}
 * joins the group at once; the model bumps the group's generation. The member keeps its own
 * view of the generation, the one of its last rebalance, and {@link #groupMetadata()} reports
 * the last completed join, as a real consumer does, even after the member was removed from
 * the group. Each {@link #poll} first compares the view with the group (eager protocol, run on
 * the caller's thread):
 * <ol>
 *   <li>If more than {@code max.poll.interval.ms} passed since the previous poll began (on the
 *       driver's busy clock, see {@link PollTimer}), the member leaves the group first, as the
 *       heartbeat thread would have.</li>
 *   <li>If the member is no longer in the group (it left so, or the driver expelled it), its
 *       partitions are lost: {@code onPartitionsLost}, then it joins again as a new member.</li>
 *   <li>If the group's generation moved on, every owned partition is revoked
 *       ({@code onPartitionsRevoked}, while {@code groupMetadata()} still shows the old
 *       generation), the view is brought to the current generation, and the member's range
 *       assignment is handed to {@code onPartitionsAssigned}.</li>
 *   <li>Records are read from each unpaused assigned partition at the configured isolation
 *       level, up to {@code max.poll.records} in all, and the positions advance past them. A
 *       partition whose position must come from an unstable committed offset is skipped.</li>
 * </ol>
 * Because the model has no join barrier, a partition moves only once its previous owner has
 * revoked it (see {@link ConsumerGroup}); until that owner's next poll, it still belongs to the
 * old generation, so a commit inside {@code onPartitionsRevoked} is accepted, as Kafka accepts
 * it while the group prepares the rebalance. A member the group no longer knows (a zombie)
 * has its commits refused.
 *
 * <p><b>Committed offsets</b> are fetched stable, as the classic consumer always fetches them:
 * while a transaction holding offsets for a partition is pending, {@link #committed(Set, Duration)}
 * and a {@link #position} that must resolve the committed offset throw {@link TimeoutException}
 * at once, and {@code poll} leaves the partition unfetched ({@link OffsetLookup}).
 *
 * <p><b>Time.</b> {@code poll} never blocks and ignores its timeout: the driver owns time and
 * simply polls again. A listener exception is rethrown from {@code poll} after the rebalance
 * completed, as Kafka does. A poll of manually assigned partitions (a restore consumer) may be
 * made slow by the driver ({@link FaultHooks#slowRestores}).
 *
 * <p>The group side lives in {@link ConsumerMembership}, the positions in
 * {@link ConsumerPositions}, the timeout overloads in {@link ConsumerOverloads}; methods the
 * runtime does not use throw {@link UnsupportedOperationException}
 * ({@link NotModelledConsumerMethods}). Not thread safe except {@link #wakeup()}, like Kafka's
 * consumer.
 *
 * <pre>{@code
 * Consumer<byte[], byte[]> c = new InMemoryConsumer(kafka, Map.of(
 *         "group.id", "app", "client.id", "t0", "isolation.level", "read_committed"));
 * c.subscribe(List.of("in"), listener);
 * ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ZERO);   // assigns, then reads
 * }</pre>
 */
public final class InMemoryConsumer extends ConsumerOverloads {

    private final String groupId;
    private final String clientId;
    private final ConsumerPositions positions;
    private final ConsumerMembership membership;
    private final ConsumerFetcher fetcher;
    private final OffsetLookup lookup;
    private final PollTimer pollTimer;
    private final FaultHooks faults;
    private final AtomicBoolean wakeupRequested = new AtomicBoolean();
    private boolean closed;

    /**
     * A consumer whose poll interval never runs out and in which no fault strikes.
     *
     * @param config consumer configs; see {@link #InMemoryConsumer(InMemoryKafka, Map, LongSupplier, FaultHooks)}
     */
    public InMemoryConsumer(InMemoryKafka kafka, Map<String, ?> config) {
        this(kafka, config, () -> 0L, new FaultHooks());
    }

    /**
     * @param config    consumer configs; read are {@code group.id}, {@code client.id},
     *                  {@code isolation.level}, {@code max.poll.records}, {@code auto.offset.reset},
     *                  {@code max.poll.interval.ms} and {@code default.api.timeout.ms}
     *                  ({@link ConsumerSettings}); the rest (bootstrap servers, deserializers, ...) is ignored
     * @param busyClock the driver's busy time in ms, which {@code max.poll.interval.ms} is measured on
     * @param faults    reached at {@link FaultHooks.Point#OFFSET_LOOKUP}, and by restore polls
     * @throws IllegalArgumentException if one of those has a value the model does not know
     */
    public InMemoryConsumer(InMemoryKafka kafka, Map<String, ?> config, LongSupplier busyClock, FaultHooks faults) {
        ConsumerSettings settings = ConsumerSettings.from(config);
        Objects.requireNonNull(kafka, "kafka");
        this.groupId = settings.groupId();
        this.clientId = settings.clientId();
        this.faults = Objects.requireNonNull(faults, "faults");
        this.positions = new ConsumerPositions(kafka, groupId, settings.isolation(), settings.reset());
        this.membership = new ConsumerMembership(kafka, groupId, clientId, positions);
        this.fetcher = new ConsumerFetcher(kafka, positions, settings.isolation(), settings.maxPollRecords());
        this.lookup = new OffsetLookup(kafka, settings, positions, faults);
        this.pollTimer = new PollTimer(settings.maxPollIntervalMs(), busyClock);
    }

    @Override
    Duration defaultApiTimeout() {
        return lookup.defaultApiTimeout();
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
        fetcher.reset();
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

    /**
     * The group id, and this member's id and generation of its last completed join (stale if it
     * has been removed from the group since); -1 and "" before the first join.
     */
    @Override
    public ConsumerGroupMetadata groupMetadata() {
        ensureOpen();
        requireGroupId("groupMetadata()");
        leaveIfPollIntervalPassed();
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
        throwIfWokenUp();
        if (!membership.isSubscribed() && !membership.isManuallyAssigned()) {
            throw new IllegalStateException("Consumer is not subscribed to any topics or assigned any partitions");
        }
        int limit = Integer.MAX_VALUE;
        if (membership.isSubscribed()) {
            leaveIfPollIntervalPassed();
            pollTimer.polled();
            throwIfPresent(membership.sync());
        } else {
            limit = faults.restorePolled();
        }
        return fetcher.fetch(membership.assignment(), limit);
    }

    /** Step 1: what the heartbeat thread does once {@code max.poll.interval.ms} has passed. */
    private void leaveIfPollIntervalPassed() {
        pollTimer.leaveGroupIfExpired(membership, clientId);
    }

    /**
     * Wakes the next (or current) blocking call, as Kafka's consumer does: {@code poll},
     * {@code committed} or {@code commitSync} throws {@link WakeupException} once. Safe from any
     * thread.
     */
    @Override
    public void wakeup() {
        wakeupRequested.set(true);
    }

    private void throwIfWokenUp() {
        if (wakeupRequested.getAndSet(false)) {
            throw new WakeupException();
        }
    }

    // ---- positions and offsets

    @Override
    public void seek(TopicPartition partition, long offset) {
        ensureAssigned(partition, "seek");
        positions.seek(partition, offset);
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

    /**
     * @throws TimeoutException if the position must come from the committed offset and that is
     *         unstable (a transaction holding offsets for the partition is pending), or an
     *         injected fault strikes
     */
    @Override
    public long position(TopicPartition partition, Duration timeout) {
        ensureAssigned(partition, "position");
        return lookup.position(partition, timeout, membership.isSubscribed());
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

    /**
     * The group's committed offsets of {@code partitions}, fetched stable; partitions without one
     * are absent.
     *
     * @throws TimeoutException if one of them is unstable (a transaction holding offsets for it is
     *         pending), or an injected fault strikes
     */
    @Override
    public Map<TopicPartition, OffsetAndMetadata> committed(Set<TopicPartition> partitions, Duration timeout) {
        ensureOpen();
        requireGroupId("committed()");
        throwIfWokenUp();
        return lookup.committed(partitions, timeout, membership.isSubscribed());
    }

    /** Commits the known positions of every assigned partition, with this member's generation. */
    @Override
    public void commitSync() {
        ensureOpen();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : membership.assignment()) {
            positions.known(tp).ifPresent(offset -> offsets.put(tp, new OffsetAndMetadata(offset)));
        }
        commitSync(offsets);
    }

    /** @throws org.apache.kafka.clients.consumer.CommitFailedException if this member's generation is stale */
    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
        ensureOpen();
        throwIfWokenUp();
        membership.commit(offsets, groupMetadata());
    }

    @Override
    public Map<TopicPartition, Long> beginningOffsets(Collection<TopicPartition> partitions) {
        ensureOpen();
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            result.put(tp, positions.start(tp)); // fails for an unknown partition, as the end offsets do
        }
        return result;
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
