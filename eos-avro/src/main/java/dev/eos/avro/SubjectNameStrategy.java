package dev.eos.avro;

import dev.eos.avro.internal.SubjectNameStrategies;
import org.apache.avro.Schema;

/**
 * Names the registry subject a record's schema is registered and looked up under.
 *
 * <pre>{@code
 * AvroSerdeConfig config = AvroSerdeConfig.builder()
 *         .registryUrl("http://localhost:8081")
 *         .valueSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD_NAME)
 *         .build();
 * }</pre>
 *
 * <p>Configured by name with {@code key.subject.name.strategy} / {@code value.subject.name.strategy}:
 * the constant names below, Confluent's class names ({@code io.confluent.kafka.serializers.subject.TopicNameStrategy}
 * and so on, short or full), or the class name of an implementation with a public no-arg constructor.
 */
@FunctionalInterface
public interface SubjectNameStrategy {
    /** {@code <topic>-key} or {@code <topic>-value}: one schema lineage per topic. The default. */
    SubjectNameStrategy TOPIC_NAME = SubjectNameStrategies.TOPIC_NAME;
    /** The record's full name ({@code shop.Order}): the same lineage on every topic. */
    SubjectNameStrategy RECORD_NAME = SubjectNameStrategies.RECORD_NAME;
    /** {@code <topic>-<full name>}: several record types on one topic, each with its lineage. */
    SubjectNameStrategy TOPIC_RECORD_NAME = SubjectNameStrategies.TOPIC_RECORD_NAME;

    /**
     * @param schema the record's schema; {@code null} when none is known yet (reading the latest
     *     version), which only {@link #TOPIC_NAME} supports
     */
    String subject(String topic, boolean isKey, Schema schema);

    /**
     * The strategy named by a config value.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the value and the accepted names
     */
    static SubjectNameStrategy forName(String name) {
        return SubjectNameStrategies.forName(name, "subject.name.strategy");
    }
}
