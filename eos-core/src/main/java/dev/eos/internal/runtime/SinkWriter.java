package dev.eos.internal.runtime;

import dev.eos.dsl.Partitioner;
import dev.eos.dsl.TopicNameExtractor;
import dev.eos.internal.plan.SinkNode;
import dev.eos.processor.Processor;
import dev.eos.processor.Record;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A sink: serializes a record and sends it into the open transaction. Without a custom
 * partitioner the partition is left to the producer, which places a keyed record at
 * murmur2(serialized key) mod partitions, exactly like any other Kafka producer.
 */
final class SinkWriter implements Processor<Object, Object, Object, Object> {
    private final SinkNode node;
    private final Serializer<Object> keySerializer;
    private final Serializer<Object> valueSerializer;
    private final TopicNameExtractor<Object, Object> extractor;
    private final Partitioner<Object, Object> partitioner;
    private final RecordSender sender;
    private final Set<String> knownTopics = new HashSet<>();

    @SuppressWarnings("unchecked")
    SinkWriter(SinkNode node, RecordSender sender) {
        this.node = node;
        this.keySerializer = (Serializer<Object>) node.keySerde().serializer();
        this.valueSerializer = (Serializer<Object>) node.valueSerde().serializer();
        this.extractor = (TopicNameExtractor<Object, Object>) node.extractor();
        this.partitioner = (Partitioner<Object, Object>) node.partitioner();
        this.sender = sender;
    }

    @Override
    public void process(Record<Object, Object> record) {
        String topic = node.topic() != null ? node.topic() : extractor.extract(record);
        if (topic == null || topic.isEmpty()) {
            throw new IllegalStateException("The topic extractor of sink " + node.name() + " returned no topic for " + record);
        }
        // A copy: serializers may add headers, and the record's headers are shared with sibling nodes.
        Headers headers = new RecordHeaders(record.headers().toArray());
        byte[] key;
        byte[] value;
        try {
            key = keySerializer.serialize(topic, headers, record.key());
            value = valueSerializer.serialize(topic, headers, record.value());
        } catch (RetriableException e) {
            throw new DependencyUnavailable("A serializer of sink " + node.name() + " (topic " + topic + ")", e);
        }
        Integer partition = null;
        if (node.topic() == null && knownTopics.add(topic)) {
            requireExists(topic);
        }
        if (partitioner != null) {
            int count = sender.partitionCount(topic);
            int chosen = partitioner.partition(topic, record.key(), record.value(), count);
            if (chosen < 0 || chosen >= count) {
                throw new IllegalArgumentException("Partitioner " + describe(partitioner) + " of sink "
                        + node.name() + " returned partition " + chosen + " for " + record + " but topic '" + topic
                        + "' has " + count + " partitions (valid: 0.." + (count - 1) + ")");
            }
            partition = chosen;
        }
        sender.send(new ProducerRecord<>(topic, partition, record.timestamp(), key, value, headers));
    }

    /** Its own toString if it has one (the built-ins do), else its class. */
    private static String describe(Object partitioner) {
        String text = partitioner.toString();
        String identity = partitioner.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(partitioner));
        return text.equals(identity) ? partitioner.getClass().getName() : text;
    }

    /** A topic chosen per record must exist; otherwise the record fails like any bad record. */
    private void requireExists(String topic) {
        try {
            sender.partitionCount(topic);
        } catch (SendFailure e) {
            knownTopics.remove(topic);
            throw new IllegalStateException("Topic '" + topic + "' chosen by the topic extractor of sink " + node.name()
                    + " does not exist (or its metadata could not be fetched within producer max.block.ms): "
                    + e.getCause() + ". Eos does not create output topics; create it first", e.getCause());
        }
    }

    @Override
    public void close() {
        keySerializer.close();
        valueSerializer.close();
    }
}
