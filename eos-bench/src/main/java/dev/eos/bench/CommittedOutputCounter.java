package dev.eos.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the output topic with a read_committed consumer on its own thread, feeds every record
 * to an {@link OutputProgress} (records for the copy, summed latest counts for the count), and
 * notes the moment progress reaches the target: the end of a measured run. It is assigned every
 * partition (no group, nothing committed) and positioned at the beginning (or, to time a
 * restart, at the end) before the pipeline starts, so none of its setup is measured.
 *
 * <p>It must not be the bottleneck: it does no deserialization beyond the progress' own and fetches in large chunks
 * ({@code fetch.min.bytes=262144}, {@code fetch.max.wait.ms=50}), so it adds at most 50 ms to
 * a run and costs little CPU.
 */
final class CommittedOutputCounter implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final OutputProgress progress;
    private final long target;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long count;
    private volatile long reachedAtNanos;
    private volatile long reachedAtEpochMillis;
    private volatile long outputRecords;
    private volatile long lastRecordAtNanos;
    private volatile boolean stopRequested;

    /** A counter of the copy's output from the beginning of {@code topic}. */
    CommittedOutputCounter(String bootstrapServers, String topic, long target) {
        this(bootstrapServers, topic, target, new OutputProgress.RecordCount(), false);
    }

    /**
     * @param fromEnd start at the topic's current end instead of its beginning: only what is
     *     committed from now on counts
     */
    CommittedOutputCounter(String bootstrapServers, String topic, long target, OutputProgress progress,
                           boolean fromEnd) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eos-bench-counter-" + topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.target = target;
        this.progress = progress;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Workload.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "eos-bench-counter-" + topic);
        this.lastRecordAtNanos = System.nanoTime();
        thread.start();
    }

    private void run() {
        try {
            while (!stopRequested) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                long total = count;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    total = progress.accept(record.key(), record.value());
                }
                count = total;
                outputRecords = progress.outputRecords();
                lastRecordAtNanos = now;
                if (total >= target && reachedAtNanos == 0) {
                    reachedAtEpochMillis = System.currentTimeMillis();
                    reachedAtNanos = now;
                    reached.countDown();
                }
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
            reached.countDown();
        } finally {
            consumer.close();
        }
    }

    /** Waits until the target count is reached. @return whether it was, within {@code timeout} */
    boolean awaitTarget(long timeout, TimeUnit unit) throws InterruptedException {
        return reached.await(timeout, unit);
    }

    /** {@link System#nanoTime()} when the count reached the target, or 0 if it has not. */
    long reachedAtNanos() {
        return reachedAtNanos;
    }

    /** {@link System#currentTimeMillis()} when progress reached the target (comparable across JVMs), or 0. */
    long reachedAtEpochMillis() {
        return reachedAtEpochMillis;
    }

    /** Progress so far: input records accounted for by the committed output. */
    long count() {
        return count;
    }

    /** The progress fed so far; read it only after {@link #close()}. */
    OutputProgress progress() {
        return progress;
    }

    /** Committed output records seen so far. */
    long outputRecords() {
        return outputRecords;
    }

    /** The error that stopped the counting thread, if any. */
    Throwable failure() {
        return failure.get();
    }

    /** Waits until no record has arrived for {@code quietMillis}, to catch duplicates written late. */
    void awaitQuiet(long quietMillis) throws InterruptedException {
        while (failure.get() == null
                && System.nanoTime() - lastRecordAtNanos < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(20);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stopRequested = true;
        thread.join(30_000);
    }
}
