package dev.eos.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The ceiling: one thread with a plain {@code KafkaConsumer} feeding a plain {@code KafkaProducer},
 * no transactions, the same transformation and the same batching settings Eos gives its clients
 * ({@code max.poll.records=1000}, {@code linger.ms=5}, {@code batch.size=65536}). Offsets are
 * auto-committed. At-least-once at best; it shows what this machine can move.
 */
final class RawCopyVariant implements Variant {

    @Override
    public String name() {
        return ResultTable.RAW;
    }

    @Override
    public String settings() {
        return "1 thread, KafkaConsumer (auto-commit, max.poll.records=1000) -> KafkaProducer"
                + " (acks=all, idempotent, linger.ms=5, batch.size=65536), no transactions";
    }

    @Override
    public Running start(RunSpec spec) {
        Map<String, Object> consumerConfig = new HashMap<>();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + spec.runId());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producerConfig.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        CopyLoop loop = new CopyLoop(
                new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer()),
                new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer()),
                spec.inputTopic(), spec.outputTopic());
        Thread thread = new Thread(loop, "bench-raw-" + spec.runId());
        loop.thread = thread;
        thread.start();
        return loop;
    }

    private static final class CopyLoop implements Runnable, Running {
        private final KafkaConsumer<String, String> consumer;
        private final KafkaProducer<String, String> producer;
        private final String input;
        private final String output;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile boolean stopRequested;
        private Thread thread;

        CopyLoop(KafkaConsumer<String, String> consumer, KafkaProducer<String, String> producer,
                 String input, String output) {
            this.consumer = consumer;
            this.producer = producer;
            this.input = input;
            this.output = output;
        }

        @Override
        public void run() {
            try {
                consumer.subscribe(List.of(input));
                while (!stopRequested) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        String value = record.value();
                        producer.send(new ProducerRecord<>(output, Workload.newKey(value), Workload.newValue(value)),
                                (metadata, error) -> {
                                    if (error != null) {
                                        failure.compareAndSet(null, error);
                                    }
                                });
                    }
                }
            } catch (WakeupException e) {
                // close() asked the loop to stop
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            } finally {
                producer.close(Duration.ofSeconds(10));
                consumer.close();
            }
        }

        @Override
        public Optional<Throwable> failure() {
            return Optional.ofNullable(failure.get());
        }

        @Override
        public void close() throws InterruptedException {
            stopRequested = true;
            consumer.wakeup();
            thread.join(30_000);
        }
    }
}
