package dev.eos.bench;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fills the input topic once, before anything is measured, as fast as the broker takes it: a
 * plain producer with {@code acks=1}, no idempotence, no compression and large batches. The
 * default partitioner spreads the records over the partitions by key.
 */
final class InputLoader {
    private static final long SEED = 20_260_101L;

    private InputLoader() {
    }

    /**
     * Writes {@code records} records of {@link Workload} to {@code topic} and returns once all
     * are acknowledged; returns the total size of the values in bytes.
     *
     * @throws IllegalStateException if any send failed
     */
    static long load(String bootstrapServers, String topic, long records) {
        Workload workload = new Workload(SEED);
        return write(bootstrapServers, topic, records, new StringSerializer(), i -> {
            String key = workload.nextKey();
            return new ProducerRecord<>(topic, key, workload.valueFor(key, i));
        });
    }

    /**
     * Writes {@code records} records of {@link AvroWorkload}, keyed like {@link #load},
     * serialized by {@code avroValues} (Confluent wire format, schema registered on first use),
     * and returns the total size of the values in bytes.
     */
    static long loadAvro(String bootstrapServers, String topic, long records, Serializer<GenericRecord> avroValues) {
        Workload keys = new Workload(SEED);
        AvroWorkload workload = new AvroWorkload(SEED);
        return write(bootstrapServers, topic, records, avroValues, i -> {
            String key = keys.nextKey();
            return new ProducerRecord<>(topic, key, workload.valueFor(key, i));
        });
    }

    /**
     * Writes {@code keys} records with distinct keys {@code key-NNNNNNNNN} (the store the restore
     * benchmark builds has one entry per record) to {@code topic}.
     */
    static void loadDistinctKeys(String bootstrapServers, String topic, long keys) {
        Workload workload = new Workload(SEED);
        write(bootstrapServers, topic, keys, new StringSerializer(), i -> {
            String key = String.format(Locale.ROOT, "key-%09d", i);
            return new ProducerRecord<>(topic, key, workload.valueFor(key, i));
        });
    }

    /** Returns the total serialized size of the values written. */
    private static <V> long write(String bootstrapServers, String topic, long records, Serializer<V> values,
                                  LongFunction<ProducerRecord<String, V>> recordAt) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "eos-bench-loader");
        config.put(ProducerConfig.ACKS_CONFIG, "1");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        AtomicReference<Exception> failure = new AtomicReference<>();
        LongAdder valueBytes = new LongAdder();
        try (Producer<String, V> producer = new KafkaProducer<>(config, new StringSerializer(), values)) {
            for (long i = 0; i < records && failure.get() == null; i++) {
                producer.send(recordAt.apply(i), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        valueBytes.add(metadata.serializedValueSize());
                    }
                });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("Could not fill input topic " + topic + ": " + failure.get(),
                    failure.get());
        }
        return valueBytes.sum();
    }
}
