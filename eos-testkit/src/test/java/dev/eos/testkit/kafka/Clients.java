package dev.eos.testkit.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** String producers and consumers for an embedded cluster, and reading a topic to a count. */
final class Clients {

    private Clients() {
    }

    static Producer<String, String> producer(EmbeddedKafkaCluster kafka, Map<String, Object> config) {
        Map<String, Object> all = kafka.clientConfig();
        all.putAll(config);
        return new KafkaProducer<>(all, new StringSerializer(), new StringSerializer());
    }

    static Consumer<String, String> consumer(EmbeddedKafkaCluster kafka, Map<String, Object> config) {
        Map<String, Object> all = kafka.clientConfig();
        all.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // close() waits for the in-flight fetch, which the broker holds up to fetch.max.wait.ms
        // (500 ms by default) when there is nothing new to return.
        all.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        all.putAll(config);
        return new KafkaConsumer<>(all, new StringDeserializer(), new StringDeserializer());
    }

    /** Assigns every partition of {@code topic} to {@code consumer}, from the beginning, without a group. */
    static void assignAll(Consumer<String, String> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .collect(Collectors.toList());
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code count} records arrived; fails the test after 30 seconds. */
    static List<ConsumerRecord<String, String>> readAtLeast(Consumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + Eventually.TIMEOUT.toNanos();
        while (records.size() < count) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Expected at least " + count + " records within "
                        + Eventually.TIMEOUT + " but got " + records.size() + ": " + records);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
        }
        return records;
    }

    static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).collect(Collectors.toList());
    }
}
