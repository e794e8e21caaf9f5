package dev.eos.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@code total} records of {@link Workload} at a steady rate from its own thread, each
 * value carrying its sequence number and the moment it was handed to the producer
 * ({@link Workload#timedValueFor}), for the latency runs.
 *
 * <p>Pacing: every half millisecond the thread sends what is due by then
 * ({@code elapsed × rate}), so a late wake-up is caught up at once and the rate holds over any
 * second. The producer is a plain one with Kafka's defaults (idempotent, {@code acks=all}) except
 * {@code linger.ms=0}: its own batching delay would add to every framework's latency alike.
 */
final class PacedSender implements AutoCloseable {
    private static final long SEED = 20_261_122L;
    private static final long TICK_NANOS = 500_000;

    private final KafkaProducer<String, String> producer;
    private final String topic;
    private final int ratePerSecond;
    private final long total;
    private final long originNanos;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopRequested;
    private volatile long sent;

    /**
     * @param originNanos the {@link System#nanoTime()} send times are counted from
     */
    PacedSender(String bootstrapServers, String topic, int ratePerSecond, long total, long originNanos) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "eos-bench-paced-" + topic);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.ratePerSecond = ratePerSecond;
        this.total = total;
        this.originNanos = originNanos;
        this.thread = new Thread(this::run, "eos-bench-paced-" + topic);
    }

    void start() {
        thread.start();
    }

    private void run() {
        Workload workload = new Workload(SEED);
        long start = System.nanoTime();
        try {
            long n = 0;
            while (n < total && !stopRequested && failure.get() == null) {
                long due = Math.min(total, (System.nanoTime() - start) * ratePerSecond / 1_000_000_000L);
                for (; n < due; n++) {
                    String key = workload.nextKey();
                    String value = workload.timedValueFor(key, n, System.nanoTime() - originNanos);
                    producer.send(new ProducerRecord<>(topic, key, value), (metadata, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
                sent = n;
                LockSupport.parkNanos(TICK_NANOS);
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Waits until every record is sent and acknowledged. @return whether within {@code timeout} */
    boolean awaitDone(long timeout, TimeUnit unit) throws InterruptedException {
        thread.join(unit.toMillis(timeout));
        return !thread.isAlive();
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent;
    }

    /** The first send error, if any. */
    Throwable failure() {
        return failure.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopRequested = true;
        thread.join(30_000);
        producer.close();
    }
}
