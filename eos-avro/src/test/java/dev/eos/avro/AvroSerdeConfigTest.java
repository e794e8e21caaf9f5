package dev.eos.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void defaultsAreConfluentsAutoRegisterOnTopicNameStrategy() {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of("schema.registry.url", "http://r:8081"));
        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isFalse();
        assertThat(config.keySubjectNameStrategy()).isSameAs(SubjectNameStrategy.TOPIC_NAME);
        assertThat(config.valueSubjectNameStrategy()).isSameAs(SubjectNameStrategy.TOPIC_NAME);
        assertThat(config.registry().orElseThrow().urls()).extracting(Object::toString).containsExactly("http://r:8081");
    }

    @Test
    void confluentKeysAreRead() {
        AvroSerdeConfig config = AvroSerdeConfig.fromMap(Map.of(
                "schema.registry.url", "http://r:8081",
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "specific.avro.reader", "true",
                "key.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                "bootstrap.servers", "ignored:9092"));
        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.subjectNameStrategy(true)).isSameAs(SubjectNameStrategy.RECORD_NAME);
        assertThat(config.subjectNameStrategy(false)).isSameAs(SubjectNameStrategy.TOPIC_RECORD_NAME);
    }

    @Test
    void aBadBooleanNamesTheKeyAndValue() {
        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(Map.of("auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("auto.register.schemas=yes");
    }

    @Test
    void aSerdeWithoutUrlOrClientSaysWhichKeyToSet() {
        assertThatThrownBy(() -> GenericAvroSerde.forValues(AvroSerdeConfig.builder().build()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is not set");
    }
}
