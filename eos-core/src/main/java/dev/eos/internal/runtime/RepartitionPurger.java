package dev.eos.internal.runtime;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps repartition topics small: records below an offset the group committed have been
 * consumed for good, so at most every {@code repartition.purge.interval.ms} the thread asks the
 * brokers to delete them ({@code deleteRecords}), without waiting for the answer. A failure
 * delays the purge to the next round and is warned about (at most every ten minutes).
 */
final class RepartitionPurger {
    private static final Logger log = LoggerFactory.getLogger(RepartitionPurger.class);
    private static final long WARN_EVERY_MS = 600_000;

    private final String threadName;
    private final Set<String> repartitionTopics;
    private final Supplier<Admin> adminFactory;
    private final Clock clock;
    private final long intervalMs;
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private long lastPurgeMs;
    private volatile long lastWarningMs = Long.MIN_VALUE;

    RepartitionPurger(String threadName, Set<String> repartitionTopics, Supplier<Admin> adminFactory, Clock clock,
                      Duration interval) {
        this.threadName = threadName;
        this.repartitionTopics = repartitionTopics;
        this.adminFactory = adminFactory;
        this.clock = clock;
        this.intervalMs = interval.toMillis();
        this.lastPurgeMs = clock.millis();
    }

    /** A transaction with these offsets committed. */
    void committed(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (repartitionTopics.isEmpty()) {
            return;
        }
        offsets.forEach((tp, offset) -> {
            if (repartitionTopics.contains(tp.topic())) {
                committed.merge(tp, offset.offset(), Math::max);
            }
        });
    }

    /** Purges if the interval has passed and something was committed since the last purge. */
    void maybePurge() {
        long now = clock.millis();
        if (committed.isEmpty() || now - lastPurgeMs < intervalMs) {
            return;
        }
        lastPurgeMs = now;
        Map<TopicPartition, RecordsToDelete> toDelete = new HashMap<>();
        committed.forEach((tp, offset) -> toDelete.put(tp, RecordsToDelete.beforeOffset(offset)));
        committed.clear();
        try {
            adminFactory.get().deleteRecords(toDelete).all().whenComplete((ignored, error) -> {
                if (error != null) {
                    reportFailure(toDelete.keySet().toString(), error);
                }
            });
        } catch (RuntimeException e) {
            reportFailure(toDelete.keySet().toString(), e);
        }
    }

    /**
     * A purge that keeps failing lets the repartition topics grow without bound (they never
     * delete by time), so failures are warned about, at most once every ten minutes.
     */
    private void reportFailure(String partitions, Throwable error) {
        long now = clock.millis();
        if (now - lastWarningMs >= WARN_EVERY_MS) {
            lastWarningMs = now;
            log.warn("{}: deleting consumed records of repartition topics {} failed: {}. The topics keep growing "
                    + "until this works; grant the app Delete rights on topics prefixed with its application.id. "
                    + "Retried every repartition.purge.interval.ms.", threadName, partitions, error.toString());
        } else {
            log.debug("{}: purging repartition records {} failed; the next round retries", threadName, partitions,
                    error);
        }
    }
}
