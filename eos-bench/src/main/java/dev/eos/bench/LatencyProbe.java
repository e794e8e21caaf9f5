package dev.eos.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a latency run's output with a {@code read_committed} consumer on its own thread and
 * notes, per record, the time from its send ({@link Workload#sendNanosOf}) to the poll that
 * returned it: end-to-end latency as a {@code read_committed} reader sees it. It is assigned
 * every partition and positioned at the beginning before the sender starts.
 *
 * <p>Unlike {@link CommittedOutputCounter} it fetches without waiting for volume
 * ({@code fetch.min.bytes=1}, {@code fetch.max.wait.ms=10}), so it adds at most about 10 ms. It
 * also checks the output record by record, by sequence number: every one of the {@code total}
 * sent must arrive, and one that arrives twice is a duplicate. Records with a sequence number
 * below {@code warmupRecords} count for completeness but not for latency.
 */
final class LatencyProbe implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long total;
    private final long warmupRecords;
    private final long originNanos;
    private final BitSet seen;
    private final long[] latencyNanos;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private int measured;
    private volatile long distinct;
    private volatile long duplicates;
    private volatile long lastRecordAtNanos;
    private volatile boolean stopRequested;

    /** @param originNanos the {@link System#nanoTime()} the sender counts send times from */
    LatencyProbe(String bootstrapServers, String topic, long total, long warmupRecords, long originNanos) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "eos-bench-latency-" + topic);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.total = total;
        this.warmupRecords = warmupRecords;
        this.originNanos = originNanos;
        this.seen = new BitSet((int) total);
        this.latencyNanos = new long[(int) Math.max(0, total - warmupRecords)];
        List<TopicPartition> partitions = new ArrayList<>();
        for (int p = 0; p < Workload.PARTITIONS; p++) {
            partitions.add(new TopicPartition(topic, p));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        partitions.forEach(consumer::position);
        this.lastRecordAtNanos = System.nanoTime();
        this.thread = new Thread(this::run, "eos-bench-latency-" + topic);
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
                long received = now - originNanos;
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record.value(), received);
                }
                lastRecordAtNanos = now;
            }
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        } finally {
            consumer.close();
        }
    }

    private void accept(byte[] value, long receivedNanos) {
        long sequence = Workload.sequenceOf(value);
        if (sequence < 0 || sequence >= total) {
            throw new IllegalStateException("An output record has sequence number " + sequence + ", outside 0.."
                    + (total - 1));
        }
        if (seen.get((int) sequence)) {
            duplicates++;
            return;
        }
        seen.set((int) sequence);
        distinct++;
        if (sequence >= warmupRecords) {
            latencyNanos[measured++] = receivedNanos - Workload.sendNanosOf(value);
        }
    }

    /** Waits until every sent record has arrived once. @return whether within {@code timeout} */
    boolean awaitAll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (distinct < total && failure.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return distinct >= total;
    }

    /** Waits until no record has arrived for {@code quietMillis}, to catch duplicates written late. */
    void awaitQuiet(long quietMillis) throws InterruptedException {
        while (failure.get() == null
                && System.nanoTime() - lastRecordAtNanos < TimeUnit.MILLISECONDS.toNanos(quietMillis)) {
            Thread.sleep(20);
        }
    }

    long distinct() {
        return distinct;
    }

    long duplicates() {
        return duplicates;
    }

    Throwable failure() {
        return failure.get();
    }

    /** The latencies of the measured records, sorted; read after {@link #close()}. */
    long[] sortedLatencyNanos() {
        long[] sorted = Arrays.copyOf(latencyNanos, measured);
        Arrays.sort(sorted);
        return sorted;
    }

    @Override
    public void close() throws InterruptedException {
        stopRequested = true;
        thread.join(30_000);
    }
}
