package dev.eos.internal.runtime;

import dev.eos.errors.DeadLetterHeaders;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a failed input record to the dead-letter topic, inside the open transaction: the
 * original key and value bytes, timestamp and headers, plus headers naming where it came from
 * and why it failed ({@link DeadLetterHeaders}).
 */
final class DeadLetterWriter {
    private final String topic;

    DeadLetterWriter(String topic) {
        this.topic = topic;
    }

    void write(RecordSender sender, ConsumerRecord<byte[], byte[]> failed, String stage, Throwable error) {
        Headers headers = new RecordHeaders(failed.headers().toArray());
        add(headers, DeadLetterHeaders.TOPIC, failed.topic());
        add(headers, DeadLetterHeaders.PARTITION, Integer.toString(failed.partition()));
        add(headers, DeadLetterHeaders.OFFSET, Long.toString(failed.offset()));
        add(headers, DeadLetterHeaders.TIMESTAMP, Long.toString(failed.timestamp()));
        add(headers, DeadLetterHeaders.STAGE, stage);
        add(headers, DeadLetterHeaders.EXCEPTION_CLASS, error.getClass().getName());
        add(headers, DeadLetterHeaders.EXCEPTION_MESSAGE, String.valueOf(error.getMessage()));
        long timestamp = Math.max(0, failed.timestamp());
        sender.send(new ProducerRecord<>(topic, null, timestamp, failed.key(), failed.value(), headers));
    }

    private static void add(Headers headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
