package dev.eos.avro.internal;

import dev.eos.avro.SubjectNameStrategy;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;

/** The built-in subject name strategies and the lookup of a strategy by config value. */
public enum SubjectNameStrategies implements SubjectNameStrategy {
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return fullName(this, schema);
        }
    },
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return topic + "-" + fullName(this, schema);
        }
    };

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";
    private final String confluentName;

    SubjectNameStrategies(String confluentName) {
        this.confluentName = confluentName;
    }

    private static String fullName(SubjectNameStrategies strategy, Schema schema) {
        if (schema == null) {
            throw new SerializationException("Subject name strategy " + strategy + " needs the record's schema, "
                    + "and none is known here (use.latest.version without a record schema); use TOPIC_NAME");
        }
        return schema.getFullName();
    }

    /** @param key the config key the value came from, for the message */
    public static SubjectNameStrategy forName(String value, String key) {
        String v = value == null ? "" : value.trim();
        for (SubjectNameStrategies s : values()) {
            if (s.name().equalsIgnoreCase(v.replace('-', '_')) || s.confluentName.equals(v)
                    || (CONFLUENT_PACKAGE + s.confluentName).equals(v)
                    || (SubjectNameStrategy.class.getName() + "." + s.name()).equals(v)) {
                return s;
            }
        }
        if (!v.isEmpty() && v.contains(".")) {
            Object instance;
            try {
                Class<?> type = Class.forName(v, true, Thread.currentThread().getContextClassLoader() == null
                        ? SubjectNameStrategies.class.getClassLoader() : Thread.currentThread().getContextClassLoader());
                instance = type.getConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw unknown(value, key, " (no class of that name with a public no-arg constructor: "
                        + e.getClass().getSimpleName() + ")");
            }
            if (instance instanceof SubjectNameStrategy strategy) {
                return strategy;
            }
            throw unknown(value, key, " (the class does not implement " + SubjectNameStrategy.class.getName() + ")");
        }
        throw unknown(value, key, "");
    }

    private static ConfigException unknown(String value, String key, String why) {
        return new ConfigException(key + "=" + value + " is not a subject name strategy" + why + "; use TOPIC_NAME, "
                + "RECORD_NAME, TOPIC_RECORD_NAME, Confluent's " + CONFLUENT_PACKAGE.toLowerCase(Locale.ROOT)
                + "TopicNameStrategy (RecordNameStrategy, TopicRecordNameStrategy), or a class implementing "
                + SubjectNameStrategy.class.getName());
    }
}
