package dev.eos.sink;

import org.apache.kafka.common.header.Headers;

/**
 * A record bound for an {@link ExternalSink}, with the coordinates of the input record it came
 * from: an idempotent sink can key a write by them, and an offset-owning sink stores
 * {@code offset + 1} as the partition's next offset.
 *
 * <pre>{@code
 * String eventId = r.topic() + "-" + r.partition() + "@" + r.offset();
 * }</pre>
 *
 * @param key       the record key
 * @param value     the record value
 * @param timestamp the record timestamp, ms
 * @param headers   the record headers
 * @param topic     the source topic of the input record
 * @param partition its partition
 * @param offset    its offset
 */
public record SinkRecord<K, V>(K key, V value, long timestamp, Headers headers, String topic, int partition,
                               long offset) {
}
