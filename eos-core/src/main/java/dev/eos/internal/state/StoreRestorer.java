package dev.eos.internal.state;

import dev.eos.RestoreProgress;
import dev.eos.errors.EosException;
import dev.eos.state.ChangelogEntry;
import dev.eos.state.TransactionalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the stores of new tasks up to date before the tasks process anything (DESIGN
 * "Recovery"), a little at a time: the thread calls {@link #restoreSome} once per turn of its
 * loop, between polls of its group consumer, so a restore longer than
 * {@code max.poll.interval.ms} never gets the member kicked out of its group.
 *
 * <p>Each store shard holds, durably and atomically with its data, the changelog offset its
 * committed state reaches (its checkpoint). Restoration reads the changelog with a read_committed
 * consumer from the checkpoint up to the changelog's <em>high watermark</em> taken when the
 * restore starts. Read_committed skips aborted records; records of a transaction still open in
 * that range hold the consumer back until the transaction is decided (its markers written, or
 * the coordinator's abort at {@code transaction.timeout.ms}), so the restore waits for them
 * instead of stopping short at the last stable offset, which, right after a commit, lies below
 * records that are committed already (KAFKA-10167).
 *
 * <p>The local state is kept unless it cannot belong to the changelog; then it is wiped and the
 * whole changelog restored:
 * <ul>
 *   <li>the changelog's topic id differs from the one recorded with the state
 *       ({@link ChangelogIdentity}): the topic was deleted and created again;</li>
 *   <li>the checkpoint lies above the high watermark: the changelog lost records (recreated, or
 *       truncated by an unclean leader election);</li>
 *   <li>the checkpoint lies below the log start offset: records the store never saw were deleted.</li>
 * </ul>
 * A crash never wipes a store: its checkpoint is always at or below the high watermark.
 *
 * <p>The restore consumer has no group; it assigns the changelog partitions itself.
 */
public final class StoreRestorer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreRestorer.class);
    private static final long REPORT_EVERY_MS = 1_000;
    private static final long MIN_STALL_TIMEOUT_MS = 120_000;

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final ChangelogMetadata metadata;
    private final String threadName;
    private final Clock clock;
    private final Consumer<RestoreProgress> listener;
    private final long stallTimeoutMs;
    /** The shards still restoring, by changelog partition. */
    private final Map<TopicPartition, Shard> open = new LinkedHashMap<>();
    /** Per task's stores, its shards still restoring. */
    private final Map<TaskStores, Set<TopicPartition>> pending = new LinkedHashMap<>();
    private long restoredTotal;
    /** When a shard's position last moved (or a restore started): a restore stalls only if none moves. */
    private long lastProgressMs;

    /**
     * @param transactionTimeout the app's {@code transaction.timeout.ms}: a restore waiting for an
     *                           open transaction gives up only well after it (at least two minutes)
     */
    public StoreRestorer(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer,
                         ChangelogMetadata metadata, String threadName, Clock clock,
                         Duration transactionTimeout, Consumer<RestoreProgress> listener) {
        this.consumer = consumer;
        this.metadata = metadata;
        this.threadName = threadName;
        this.clock = clock;
        this.listener = listener;
        this.stallTimeoutMs = Math.max(MIN_STALL_TIMEOUT_MS, 2 * transactionTimeout.toMillis() + 30_000);
    }

    /** Changelog records this restorer replayed since it was created. */
    public long restoredRecords() {
        return restoredTotal;
    }

    /** Whether any store is still restoring. */
    public boolean restoring() {
        return !open.isEmpty();
    }

    private static final class Shard {
        final TaskStores owner;
        final ChangeloggedStore store;
        final TopicPartition partition;
        final long start;
        final long end;
        final long startedMs;
        long restored;
        long lastReportMs;
        long lastPosition;
        final List<ChangelogEntry> batch = new ArrayList<>();
        long batchNextOffset = -1;

        Shard(TaskStores owner, ChangeloggedStore store, long start, long end, long now) {
            this.owner = owner;
            this.store = store;
            this.partition = store.changelog().partition();
            this.start = start;
            this.end = end;
            this.startedMs = now;
            // the first turn that does not finish the shard reports it: a restore is seen from its start
            this.lastReportMs = now - REPORT_EVERY_MS;
            this.lastPosition = start;
        }
    }

    /**
     * Decides where each store of each of {@code tasks} restores from (wiping state that cannot
     * belong to its changelog) and starts restoring those that are behind. Asks the brokers for
     * the changelogs' offsets and topic ids once for all of them, so it may throw a timeout; then
     * nothing was started.
     *
     * @return the task stores whose every store is up to date already (nothing to restore)
     */
    public List<TaskStores> start(Collection<TaskStores> tasks) {
        List<TopicPartition> partitions = new ArrayList<>();
        Set<String> topics = new HashSet<>();
        for (TaskStores stores : tasks) {
            for (ChangeloggedStore store : stores.all()) {
                partitions.add(store.changelog().partition());
                topics.add(store.changelog().partition().topic());
            }
        }
        List<TaskStores> upToDate = new ArrayList<>();
        if (partitions.isEmpty()) {
            upToDate.addAll(tasks);
            return upToDate;
        }
        Map<String, String> ids = metadata.topicIds(topics);
        Map<TopicPartition, Long> ends = metadata.highWatermarks(partitions);
        Map<TopicPartition, Long> beginnings = metadata.logStartOffsets(partitions);
        long now = clock.millis();
        List<Shard> started = new ArrayList<>();
        for (TaskStores stores : tasks) {
            Set<TopicPartition> behind = new HashSet<>();
            for (ChangeloggedStore store : stores.all()) {
                TopicPartition tp = store.changelog().partition();
                long end = ends.getOrDefault(tp, 0L);
                long beginning = beginnings.getOrDefault(tp, 0L);
                long start = startOffset(stores, store, ids.get(tp.topic()), beginning, end);
                Shard shard = new Shard(stores, store, start, end, now);
                if (start >= end) {
                    report(shard, true);
                } else {
                    started.add(shard);
                    behind.add(tp);
                }
            }
            if (behind.isEmpty()) {
                upToDate.add(stores);
            } else {
                pending.put(stores, behind);
            }
        }
        if (!started.isEmpty()) {
            lastProgressMs = now;
            started.forEach(shard -> open.put(shard.partition, shard));
            consumer.assign(new ArrayList<>(open.keySet()));
            started.forEach(shard -> consumer.seek(shard.partition, shard.start));
        }
        return upToDate;
    }

    /** Where {@code store} restores from; wipes its local state first if it cannot belong to the changelog. */
    private long startOffset(TaskStores stores, ChangeloggedStore store, String topicId, long beginning, long end) {
        TopicPartition tp = store.changelog().partition();
        TransactionalStore engine = store.engine();
        ChangelogIdentity identity = stores.identityOf(store);
        Optional<String> recorded = identity.recorded();
        OptionalLong committed = engine.committedOffset();
        String wipeBecause = null;
        if (recorded.isPresent() && topicId != null && !recorded.get().equals(topicId)) {
            wipeBecause = "its local state came from an earlier topic of that name (topic id " + recorded.get()
                    + ", now " + topicId + "): the changelog was deleted and created again";
        } else if (committed.isPresent() && committed.getAsLong() > end) {
            wipeBecause = "its local state reaches changelog offset " + committed.getAsLong()
                    + " but the changelog's high watermark is " + end + ": the changelog lost records (recreated, "
                    + "or truncated by an unclean leader election)";
        } else if (committed.isPresent() && committed.getAsLong() < beginning) {
            wipeBecause = "its local state reaches changelog offset " + committed.getAsLong()
                    + " but the changelog now starts at " + beginning + ": records it never saw were deleted";
        }
        if (wipeBecause != null) {
            log.warn("{}: store {} ({}): {}; wiping it and restoring the whole changelog", threadName, store.name(), tp,
                    wipeBecause);
            engine.wipe();
            committed = OptionalLong.empty();
        }
        if (topicId != null && (wipeBecause != null || recorded.isEmpty())) {
            identity.record(topicId);
        }
        return Math.max(committed.orElse(beginning), beginning);
    }

    /**
     * Polls the restore consumer once (waiting at most {@code maxWait}) and applies what came.
     *
     * @return the task stores whose every shard is now up to date; they are no longer tracked
     * @throws EosException if a shard made no progress for longer than the stall timeout
     */
    public List<TaskStores> restoreSome(Duration maxWait) {
        if (open.isEmpty()) {
            return List.of();
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(maxWait);
        long now = clock.millis();
        for (TopicPartition tp : records.partitions()) {
            Shard shard = open.get(tp);
            if (shard == null) {
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (r.offset() >= shard.end) {
                    break;
                }
                shard.batch.add(new ChangelogEntry(r.key(), r.value()));
                shard.batchNextOffset = r.offset() + 1;
            }
        }
        List<TaskStores> done = new ArrayList<>();
        Set<TopicPartition> finished = new HashSet<>();
        for (Shard shard : open.values()) {
            long position = consumer.position(shard.partition);
            if (position > shard.lastPosition) {
                shard.lastPosition = position;
                lastProgressMs = now;
            }
        }
        for (Shard shard : new ArrayList<>(open.values())) {
            long position = shard.lastPosition;
            boolean complete = position >= shard.end;
            flush(shard, complete ? shard.end : -1);
            if (complete) {
                open.remove(shard.partition);
                finished.add(shard.partition);
                report(shard, true);
                Set<TopicPartition> left = pending.get(shard.owner);
                left.remove(shard.partition);
                if (left.isEmpty()) {
                    pending.remove(shard.owner);
                    done.add(shard.owner);
                }
            } else if (now - lastProgressMs > stallTimeoutMs) {
                throw new EosException(threadName + ": restoring store " + shard.store.name() + " from "
                        + shard.partition + " made no progress for " + (now - lastProgressMs) + " ms (position "
                        + position + ", target " + shard.end + "); check that the partition has a leader and that "
                        + "no transaction stays open on it (transaction.timeout.ms)");
            } else if (now - shard.lastReportMs >= REPORT_EVERY_MS) {
                shard.lastReportMs = now;
                report(shard, false);
            }
        }
        if (!finished.isEmpty()) {
            consumer.assign(new ArrayList<>(open.keySet()));
        }
        return done;
    }

    /** Stops restoring the stores of a task that closes before its restore finished; what was applied stays. */
    public void cancel(TaskStores stores) {
        Set<TopicPartition> left = pending.remove(stores);
        if (left == null) {
            return;
        }
        for (TopicPartition tp : left) {
            Shard shard = open.remove(tp);
            if (shard != null) {
                shard.batch.clear();
            }
        }
        consumer.assign(new ArrayList<>(open.keySet()));
    }

    /** Cancels every restore (the thread lost its tasks). */
    public void cancelAll() {
        for (TaskStores stores : new ArrayList<>(pending.keySet())) {
            cancel(stores);
        }
    }

    /** Applies the buffered batch atomically with the offset it reaches (or {@code finalOffset} at the end). */
    private void flush(Shard shard, long finalOffset) {
        long next = Math.max(shard.batchNextOffset, finalOffset);
        if (shard.batch.isEmpty() && finalOffset < 0) {
            return;
        }
        if (next < 0) {
            return;
        }
        shard.store.engine().restore(List.copyOf(shard.batch), next);
        shard.restored += shard.batch.size();
        restoredTotal += shard.batch.size();
        shard.batch.clear();
        shard.batchNextOffset = -1;
    }

    private void report(Shard shard, boolean done) {
        long elapsed = clock.millis() - shard.startedMs;
        RestoreProgress progress = new RestoreProgress(shard.store.name(), shard.partition.partition(),
                shard.restored, Math.max(0, shard.end - shard.start), elapsed, done);
        if (done && shard.end > shard.start) {
            log.info("{}: restored store {} partition {}: {} records (offsets {}..{}) in {} ms", threadName,
                    progress.store(), progress.partition(), progress.restored(), shard.start, shard.end, elapsed);
        } else if (!done) {
            log.info("{}: restoring store {} partition {}: {} / {} records ({}%)", threadName, progress.store(),
                    progress.partition(), progress.restored(), progress.total(), progress.percent());
        }
        listener.accept(progress);
    }

    /** The partitions being restored, for diagnostics. */
    public Collection<TopicPartition> restoringPartitions() {
        return List.copyOf(open.keySet());
    }

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
