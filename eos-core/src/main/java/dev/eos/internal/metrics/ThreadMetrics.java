package dev.eos.internal.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.Avg;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.common.metrics.stats.Max;
import org.apache.kafka.common.metrics.stats.Meter;
import org.apache.kafka.common.metrics.stats.Percentile;
import org.apache.kafka.common.metrics.stats.Percentiles;
import org.apache.kafka.common.metrics.stats.WindowedCount;
import org.apache.kafka.common.metrics.stats.WindowedSum;

/**
 * The metrics of one processing thread (group {@value EosMetricsRegistry#THREAD_GROUP}, tags
 * {@code application-id} and {@code thread-id}), named like Kafka Streams' where the meaning is
 * the same (docs/how-to/monitoring.md has the table).
 *
 * <p>Hot path: the loop records per poll, per batch or per commit, never per record; nothing
 * here allocates. End-to-end latency is sampled: the thread hands in one record timestamp per
 * partition and poll ({@link #sampleEndToEnd}), and a commit turns the samples of its transaction
 * into latencies (commit time minus record timestamp). Every method but the gauges' reads runs
 * on the thread itself.
 */
public final class ThreadMetrics {
    /** Abort causes, the values of the {@code cause} tag of {@code transactions-aborted-total}. */
    public enum AbortCause {
        PROCESSING_ERROR("processing-error"),
        RETRIABLE_ERROR("retriable-error"),
        PARTITIONS_LOST("partitions-lost");

        final String tag;

        AbortCause(String tag) {
            this.tag = tag;
        }
    }

    private static final int E2E_SAMPLES = 64;
    /** Percentile histograms: 4 bytes per bucket; values above the maximum land in the last bucket. */
    private static final int HISTOGRAM_BYTES = 4_000;
    private static final double COMMIT_LATENCY_MAX_MS = 30_000;
    private static final double E2E_LATENCY_MAX_MS = 600_000;

    private final Metrics metrics;
    private final String threadName;
    private final Map<String, String> tags;
    private final Sensor consumed;
    private final Sensor processed;
    private final Sensor produced;
    private final Sensor committedRecords;
    private final Sensor commits;
    private final Sensor[] aborts;
    private final Sensor fencings;
    private final Sensor rebalances;
    private final Sensor restored;
    private final Sensor restoreTime;
    private final Sensor dropped;
    private final Sensor deadLettered;
    private final Sensor endToEnd;
    private final Sensor punctuations;
    private final Sensor storeBytes;
    private final Map<String, Long> restoreRemaining = new ConcurrentHashMap<>();
    private final long[] e2eTimestamps = new long[E2E_SAMPLES];
    private int e2eCount;
    private volatile String state = "CREATED";

    public ThreadMetrics(Metrics metrics, String applicationId, String threadName) {
        this.metrics = metrics;
        this.threadName = threadName;
        Map<String, String> t = new LinkedHashMap<>();
        t.put("application-id", applicationId);
        t.put("thread-id", threadName);
        this.tags = Map.copyOf(t);
        // A thread of the same name that ended without closing (a test driver's simulated crash) left them.
        close();
        consumed = meter("records-consumed", "input records returned by polls");
        processed = meter("process", "input records processed (again after an abort)");
        produced = meter("records-produced", "output, changelog, repartition and dead-letter records sent");
        committedRecords = meter("records-committed", "input records whose offsets were committed");
        commits = metrics.sensor(sensorName("commit"));
        commits.add(new Meter(TimeUnit.SECONDS, new WindowedCount(), name("commit-rate", "commits per second"),
                name("commit-total", "transactions committed")));
        commits.add(name("commit-latency-avg", "average time of a commit in ms"), new Avg());
        commits.add(name("commit-latency-max", "longest commit in ms"), new Max());
        commits.add(new Percentiles(HISTOGRAM_BYTES, COMMIT_LATENCY_MAX_MS, Percentiles.BucketSizing.LINEAR,
                new Percentile(name("commit-latency-p99", "99th percentile of commit time in ms"), 99)));
        aborts = new Sensor[AbortCause.values().length];
        for (AbortCause cause : AbortCause.values()) {
            Map<String, String> causeTags = new LinkedHashMap<>(tags);
            causeTags.put("cause", cause.tag);
            Sensor s = metrics.sensor(sensorName("aborts-" + cause.tag));
            s.add(new Meter(TimeUnit.SECONDS, new WindowedSum(),
                    metrics.metricName("transactions-aborted-rate", EosMetricsRegistry.THREAD_GROUP,
                            "transactions aborted per second, by cause", causeTags),
                    metrics.metricName("transactions-aborted-total", EosMetricsRegistry.THREAD_GROUP,
                            "transactions aborted, by cause", causeTags)));
            aborts[cause.ordinal()] = s;
        }
        fencings = meter("fencings", "times the thread was fenced and rejoined with a new producer");
        rebalances = meter("rebalances", "partition assignments the thread received");
        restored = meter("restore-records", "changelog records replayed into stores");
        restoreTime = metrics.sensor(sensorName("restore-time"));
        restoreTime.add(name("restore-time-ms-total", "time spent restoring stores, in ms"), new CumulativeSum());
        dropped = meter("dropped-records", "input records skipped by an error handler");
        deadLettered = meter("dead-lettered-records", "input records written to the dead-letter topic");
        endToEnd = metrics.sensor(sensorName("e2e"));
        endToEnd.add(name("record-e2e-latency-avg", "commit time minus record timestamp, in ms (sampled)"), new Avg());
        endToEnd.add(name("record-e2e-latency-max", "largest commit time minus record timestamp, in ms"), new Max());
        endToEnd.add(new Percentiles(HISTOGRAM_BYTES, E2E_LATENCY_MAX_MS, Percentiles.BucketSizing.LINEAR,
                new Percentile(name("record-e2e-latency-p50", "median end-to-end latency in ms (sampled)"), 50),
                new Percentile(name("record-e2e-latency-p99", "99th percentile end-to-end latency in ms (sampled)"), 99)));
        punctuations = meter("punctuate", "punctuations fired");
        storeBytes = meter("store-bytes-committed", "bytes of store writes made durable by commits");
        gauge("restore-remaining-records-total", "changelog records still to replay into this thread's stores",
                (Gauge<Long>) (config, now) -> restoreRemaining.values().stream().mapToLong(Long::longValue).sum());
        gauge("thread-state", "the thread's state: CREATED, REBALANCING, RUNNING, STOPPED or DEAD",
                (Gauge<String>) (config, now) -> state);
    }

    public String threadName() {
        return threadName;
    }

    public Map<String, String> tags() {
        return tags;
    }

    public Metrics metrics() {
        return metrics;
    }

    public void consumed(int records) {
        if (records > 0) {
            consumed.record(records);
        }
    }

    public void processed(long records) {
        if (records > 0) {
            processed.record(records);
        }
    }

    public void produced(long records) {
        if (records > 0) {
            produced.record(records);
        }
    }

    /** Called once per poll and partition with the timestamp of a record processed in this transaction. */
    public void sampleEndToEnd(long recordTimestamp) {
        if (e2eCount < E2E_SAMPLES && recordTimestamp >= 0) {
            e2eTimestamps[e2eCount++] = recordTimestamp;
        }
    }

    /** A transaction committed at {@code nowMs}. */
    public void committed(int records, long latencyNanos, long storeBytesWritten, long nowMs) {
        commits.record(latencyNanos / 1_000_000.0, nowMs);
        if (records > 0) {
            committedRecords.record(records, nowMs);
        }
        if (storeBytesWritten > 0) {
            storeBytes.record(storeBytesWritten, nowMs);
        }
        for (int i = 0; i < e2eCount; i++) {
            endToEnd.record(Math.max(0, nowMs - e2eTimestamps[i]), nowMs);
        }
        e2eCount = 0;
    }

    /** A transaction was aborted (its records come round again and are sampled again). */
    public void aborted(AbortCause cause, boolean transactionAborted) {
        e2eCount = 0;
        if (transactionAborted) {
            aborts[cause.ordinal()].record();
        }
    }

    public void badRecords(long skipped, long deadLetteredRecords) {
        if (skipped > 0) {
            dropped.record(skipped);
        }
        if (deadLetteredRecords > 0) {
            deadLettered.record(deadLetteredRecords);
        }
    }

    public void fenced() {
        fencings.record();
    }

    public void rebalanced() {
        rebalances.record();
    }

    public void restored(long records, long nanos) {
        if (records > 0) {
            restored.record(records);
        }
        if (nanos > 0) {
            restoreTime.record(nanos / 1_000_000.0);
        }
    }

    /** Progress of restoring one store shard: what it still has to replay. */
    public void restoreRemaining(String store, int partition, long remaining) {
        String key = store + "-" + partition;
        if (remaining <= 0) {
            restoreRemaining.remove(key);
        } else {
            restoreRemaining.put(key, remaining);
        }
    }

    /** The thread's tasks moved or its transaction was left to the coordinator: nothing restores, no sample stays. */
    public void rebalancing() {
        restoreRemaining.clear();
    }

    /** Work of the open transaction will not be committed by this thread (lost partitions, fencing). */
    public void forgetUncommittedSamples() {
        e2eCount = 0;
    }

    public void punctuated(long count) {
        if (count > 0) {
            punctuations.record(count);
        }
    }

    public void state(String state) {
        this.state = state;
    }

    /** The thread ended: its sensors and gauges are removed (a replacement thread has its own). */
    public void close() {
        for (String sensor : new String[] {"records-consumed", "process", "records-produced", "records-committed",
                "commit", "fencings", "rebalances", "restore-records", "restore-time", "dropped-records",
                "dead-lettered-records", "e2e", "punctuate", "store-bytes-committed"}) {
            metrics.removeSensor(sensorName(sensor));
        }
        for (AbortCause cause : AbortCause.values()) {
            metrics.removeSensor(sensorName("aborts-" + cause.tag));
        }
        metrics.removeMetric(name("restore-remaining-records-total", ""));
        metrics.removeMetric(name("thread-state", ""));
    }

    /** A {@code <base>-rate} and {@code <base>-total} pair, recorded with a count per call. */
    private Sensor meter(String base, String description) {
        Sensor s = metrics.sensor(sensorName(base));
        s.add(new Meter(TimeUnit.SECONDS, new WindowedSum(), name(base + "-rate", description + ", per second"),
                name(base + "-total", description)));
        return s;
    }

    private void gauge(String metric, String description, Gauge<?> gauge) {
        metrics.addMetric(name(metric, description), gauge);
    }

    private MetricName name(String metric, String description) {
        return metrics.metricName(metric, EosMetricsRegistry.THREAD_GROUP, description, tags);
    }

    private String sensorName(String base) {
        return "eos." + threadName + "." + base;
    }
}
