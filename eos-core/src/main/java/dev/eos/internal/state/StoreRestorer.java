package dev.eos.internal.state;

import dev.eos.RestoreProgress;
import dev.eos.errors.EosException;
import dev.eos.state.ChangelogEntry;
import dev.eos.state.TransactionalStore;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a task's stores up to date before the task processes anything (DESIGN "Recovery").
 *
 * <p>Each store shard holds, durably and atomically with its data, the changelog offset its
 * committed state reaches. Restoration reads the changelog with a read_committed consumer
 * from that offset to the changelog's end: after a crash only the tail written after the last
 * local commit (transactions that Kafka committed but the crashed instance had not yet applied
 * locally, or another instance's writes) is replayed. The store is never wiped for a crash;
 * only a store whose offset lies beyond the changelog's end (the topic was deleted and
 * recreated) cannot belong to it and is rebuilt from scratch.
 *
 * <p>The restore consumer has no group; it assigns the changelog partitions itself and is
 * unassigned again when done.
 */
public final class StoreRestorer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreRestorer.class);
    private static final long REPORT_EVERY_MS = 1_000;
    private static final long STALL_TIMEOUT_MS = 120_000;

    private final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    private final String threadName;
    private final Clock clock;
    private final Consumer<RestoreProgress> listener;
    private long restoredTotal;

    public StoreRestorer(org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer, String threadName,
                         Clock clock, Consumer<RestoreProgress> listener) {
        this.consumer = consumer;
        this.threadName = threadName;
        this.clock = clock;
        this.listener = listener;
    }

    /** Changelog records this restorer replayed since it was created. */
    public long restoredRecords() {
        return restoredTotal;
    }

    private static final class Shard {
        final ChangeloggedStore store;
        final TopicPartition partition;
        final long end;
        final long start;
        final long startedMs;
        long restored;
        long lastReportMs;
        final List<ChangelogEntry> batch = new ArrayList<>();
        long batchNextOffset = -1;

        Shard(ChangeloggedStore store, long start, long end, long now) {
            this.store = store;
            this.partition = store.changelog().partition();
            this.start = start;
            this.end = end;
            this.startedMs = now;
            this.lastReportMs = now;
        }
    }

    /** Restores every store of {@code stores} to the end of its changelog. */
    public void restore(TaskStores stores) {
        if (stores.isEmpty()) {
            return;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (ChangeloggedStore store : stores.all()) {
            partitions.add(store.changelog().partition());
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(60));
        Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, Duration.ofSeconds(60));
        Map<TopicPartition, Shard> shards = new HashMap<>();
        long now = clock.millis();
        for (ChangeloggedStore store : stores.all()) {
            TopicPartition tp = store.changelog().partition();
            long end = ends.getOrDefault(tp, 0L);
            long beginning = beginnings.getOrDefault(tp, 0L);
            TransactionalStore engine = store.engine();
            OptionalLong committed = engine.committedOffset();
            long start = committed.orElse(beginning);
            if (start > end) {
                log.warn("{}: store {} holds state up to changelog offset {} but {} ends at {}: the changelog was "
                        + "recreated; rebuilding the store from it", threadName, store.name(), start, tp, end);
                engine.wipe();
                start = beginning;
            }
            start = Math.max(start, beginning);
            if (start >= end) {
                report(new Shard(store, start, end, now), true);
                continue;
            }
            shards.put(tp, new Shard(store, start, end, now));
        }
        if (shards.isEmpty()) {
            return;
        }
        consumer.assign(shards.keySet());
        shards.values().forEach(s -> consumer.seek(s.partition, s.start));
        try {
            replay(shards);
        } finally {
            consumer.assign(List.of());
        }
    }

    private void replay(Map<TopicPartition, Shard> shards) {
        Map<TopicPartition, Shard> open = new HashMap<>(shards);
        long lastProgressMs = clock.millis();
        while (!open.isEmpty()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
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
                if (!records.records(tp).isEmpty()) {
                    lastProgressMs = now;
                }
            }
            for (Shard shard : new ArrayList<>(open.values())) {
                long position = consumer.position(shard.partition);
                boolean finished = position >= shard.end;
                flush(shard, finished ? Math.min(position, shard.end) : -1);
                if (finished) {
                    open.remove(shard.partition);
                    consumer.pause(List.of(shard.partition));
                    report(shard, true);
                } else if (now - shard.lastReportMs >= REPORT_EVERY_MS) {
                    shard.lastReportMs = now;
                    report(shard, false);
                }
            }
            if (!open.isEmpty() && now - lastProgressMs > STALL_TIMEOUT_MS) {
                throw new EosException(threadName + ": restoring " + open.keySet() + " made no progress for "
                        + STALL_TIMEOUT_MS + " ms; check that the changelog partitions have a leader");
            }
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

    @Override
    public void close() {
        consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
