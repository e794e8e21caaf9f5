package dev.eos.dsl;

import dev.eos.processor.Record;

/**
 * Chooses the output topic per record, for {@link EventStream#to(TopicNameExtractor, Produced)}.
 * Every topic it returns must exist.
 *
 * <pre>{@code
 * events.to(record -> "events-" + record.value().type(), Produced.with(strings, eventSerde));
 * }</pre>
 */
@FunctionalInterface
public interface TopicNameExtractor<K, V> {
    String extract(Record<K, V> record);
}
