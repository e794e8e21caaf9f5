package dev.eos.examples.schemas;

import dev.eos.avro.GenericAvroSerde;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer of the demo's orders, as a shop service would run it: GenericAvroSerde with
 * {@code auto.register.schemas=false} (the schema was registered from its file beforehand, the
 * production setting), {@code acks=all}.
 */
final class OrderProducer {

    private OrderProducer() {
    }

    /**
     * Writes orders {@code from} (inclusive) to {@code to} ({@link OrderGenerator}) as records of
     * {@code schema} to {@code topic}; returns them, in order, once all are acknowledged.
     */
    static List<Map.Entry<String, GenericRecord>> send(String bootstrap, Map<String, ?> serdeConfig, String topic,
                                                       Schema schema, int from, int to) {
        Map<String, Object> serializerConfig = new HashMap<>(serdeConfig);
        serializerConfig.put("auto.register.schemas", false);
        Serde<GenericRecord> values = new GenericAvroSerde();
        values.configure(serializerConfig, false);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5);
        List<Map.Entry<String, GenericRecord>> sent = new ArrayList<>(to - from);
        try (KafkaProducer<String, GenericRecord> producer =
                     new KafkaProducer<>(config, new StringSerializer(), values.serializer())) {
            for (int seq = from; seq < to; seq++) {
                GenericRecord order = OrderGenerator.order(seq, schema);
                producer.send(new ProducerRecord<>(topic, OrderGenerator.key(seq), order));
                sent.add(Map.entry(OrderGenerator.key(seq), order));
            }
            producer.flush();
        }
        return sent;
    }
}
