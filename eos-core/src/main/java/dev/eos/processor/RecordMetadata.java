package dev.eos.processor;

/**
 * Where the record being processed came from.
 *
 * <pre>{@code
 * context.recordMetadata().ifPresent(m -> log.info("at {}-{}@{}", m.topic(), m.partition(), m.offset()));
 * }</pre>
 *
 * @param topic source topic
 * @param partition source partition
 * @param offset offset of the record in that partition
 */
public record RecordMetadata(String topic, int partition, long offset) {
    @Override
    public String toString() {
        return topic + "-" + partition + "@" + offset;
    }
}
