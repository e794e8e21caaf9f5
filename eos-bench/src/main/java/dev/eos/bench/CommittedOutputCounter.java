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
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Counts the records of the output topic that a read_committed consumer sees, on its own
 * thread, and notes the moment the count reaches the target: the end of a measured run. It is
 * assigned every partition (no group, nothing committed) and positioned at the beginning before
 * the pipeline starts, so none of its setup is measured.
 *
 * <p>It must not be the bottleneck: it skips deserialization and fetches in large chunks
 * ({@code fetch.min.bytes=262144}, {@code fetch.max.wait.ms=50}), so it adds at most 50 ms to
 * a run and costs little CPU.
 */
final class CommittedOutputCounter implements AutoCloseable {
    private static final Deserializer<Void> IGNORED = (topic, data) -> null;

    private final KafkaConsumer<Void, Void> consumer;
    private final long target;
    private final CountDownLatch reached = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile long count;
    private volatile long reachedAtNanos;
    private volatile long lastRecordAtNanos;
    private volatile boolean stopRequested;

    CommittedOutputCounter(String bootstrapServers, String topic, long target) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eos-bench-counter-" + topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 256 * 1024);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        this.consumer = new KafkaConsumer<>(config, IGNORED, IGNORED);
        this.target = target;
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Workload.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        this.thread = new Thread(this::run, "eos-bench-counter-" + topic);
        this.lastRecordAtNanos = System.nanoTime();
        thread.start();
    }

    private void run() {
        try {
            while (!stopRequested) {
                ConsumerRecords<Void, Void> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                long now = System.nanoTime();
                long total = count + records.count();
                count = total;
                lastRecordAtNanos = now;
                if (total >= target && reachedAtNanos == 0) {
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

    long count() {
        return count;
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
