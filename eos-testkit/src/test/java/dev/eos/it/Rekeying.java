package dev.eos.it;

import static dev.eos.it.KafkaIo.string;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Input and checks of the rekeying ITs: {@link UserEvents} keyed by the country their user lives
 * in (every user in exactly one country, so the order of a user's events is defined by one source
 * partition), where a plain producer places a key, and the offsets of a topic.
 */
final class Rekeying {
    static final int COUNTRIES = 5;

    private Rekeying() {
    }

    /** The country user {@code user-07} lives in: {@code country-2}. */
    static String countryOf(String user) {
        return "country-" + UserEvents.userNumber(user) % COUNTRIES;
    }

    /** The events as records keyed by their user's country, value {@code user-07:42}. */
    static List<ProducerRecord<byte[], byte[]>> byCountry(String topic, List<UserEvents.Event> events) {
        List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(events.size());
        for (UserEvents.Event e : events) {
            out.add(KafkaIo.record(topic, countryOf(e.user()), e.value()));
        }
        return out;
    }

    /** The user of a value {@code user-07:42}. */
    static String userOf(String value) {
        return value.substring(0, value.indexOf(':'));
    }

    /**
     * Where a plain {@code KafkaProducer} with its default partitioner puts each key: one record per
     * key is written to {@code probeTopic} (created here with {@code partitions} partitions) and
     * the partition the broker acknowledged is returned.
     */
    static Map<String, Integer> plainProducerPartitions(EmbeddedKafkaCluster kafka, String probeTopic, int partitions,
                                                        Iterable<String> keys) {
        kafka.createTopic(probeTopic, partitions);
        List<String> order = new ArrayList<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String key : keys) {
            order.add(key);
            records.add(KafkaIo.record(probeTopic, key, "probe"));
        }
        List<RecordMetadata> written = KafkaIo.produce(kafka, records);
        Map<String, Integer> out = new TreeMap<>();
        for (int i = 0; i < order.size(); i++) {
            out.put(order.get(i), written.get(i).partition());
        }
        return out;
    }

    /** Reads {@code topic} with read_committed until {@code count} records; fails if it gets another number. */
    static List<ConsumerRecord<byte[], byte[]>> readCommittedExactly(EmbeddedKafkaCluster kafka, String topic,
                                                                     int count) {
        List<ConsumerRecord<byte[], byte[]>> records = KafkaIo.readCommitted(kafka, topic, count);
        if (records.size() != count) {
            throw new AssertionError("Expected " + count + " committed records in " + topic + " but read "
                    + records.size() + " within " + KafkaIo.READ_TIMEOUT);
        }
        return records;
    }

    /** The values of each key in the order of the records, String keys and values. */
    static Map<String, List<String>> valuesByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.computeIfAbsent(string(r.key()), k -> new ArrayList<>()).add(string(r.value()));
        }
        return out;
    }

    /** The partitions the records of each key were read from. */
    static Map<String, List<Integer>> partitionsByKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<Integer>> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            List<Integer> seen = out.computeIfAbsent(string(r.key()), k -> new ArrayList<>());
            if (!seen.contains(r.partition())) {
                seen.add(r.partition());
            }
        }
        return out;
    }

    /** The partition count of an existing topic. */
    static int partitionCount(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(topic).partitions().size();
    }

    /** The log start offset (low watermark) of each partition of {@code topic}. */
    static Map<TopicPartition, Long> earliestOffsets(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            earliest.put(new TopicPartition(topic, p), OffsetSpec.earliest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> infos = admin.listOffsets(earliest).all().get(30, TimeUnit.SECONDS);
        Map<TopicPartition, Long> out = new TreeMap<>((a, b) -> Integer.compare(a.partition(), b.partition()));
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }
}
