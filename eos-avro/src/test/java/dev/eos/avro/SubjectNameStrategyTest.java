package dev.eos.avro;

import static dev.eos.avro.stub.TestSchemas.ORDER_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SubjectNameStrategyTest {

    /** A user strategy, loadable by class name. */
    public static class Prefixed implements SubjectNameStrategy {
        @Override
        public String subject(String topic, boolean isKey, Schema schema) {
            return "team-" + topic;
        }
    }

    @Test
    void topicNameIsTopicDashKeyOrValue() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("orders", false, ORDER_V1)).isEqualTo("orders-value");
        assertThat(SubjectNameStrategy.TOPIC_NAME.subject("orders", true, null)).isEqualTo("orders-key");
    }

    @Test
    void recordNameIsTheFullName() {
        assertThat(SubjectNameStrategy.RECORD_NAME.subject("orders", false, ORDER_V1)).isEqualTo("shop.Order");
    }

    @Test
    void topicRecordNameIsTopicDashFullName() {
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subject("orders", true, ORDER_V1)).isEqualTo("orders-shop.Order");
    }

    @Test
    void confluentClassNamesAndEosNamesBothSelectTheStrategies() {
        assertThat(SubjectNameStrategy.forName("io.confluent.kafka.serializers.subject.TopicNameStrategy"))
                .isSameAs(SubjectNameStrategy.TOPIC_NAME);
        assertThat(SubjectNameStrategy.forName("RecordNameStrategy")).isSameAs(SubjectNameStrategy.RECORD_NAME);
        assertThat(SubjectNameStrategy.forName("io.confluent.kafka.serializers.subject.TopicRecordNameStrategy"))
                .isSameAs(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.forName("topic_record_name")).isSameAs(SubjectNameStrategy.TOPIC_RECORD_NAME);
        assertThat(SubjectNameStrategy.forName(Prefixed.class.getName()).subject("orders", false, null))
                .isEqualTo("team-orders");
    }

    @Test
    void anUnknownNameIsAConfigErrorListingTheChoices() {
        assertThatThrownBy(() -> SubjectNameStrategy.forName("ByColour"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ByColour").hasMessageContaining("TOPIC_NAME")
                .hasMessageContaining("TopicRecordNameStrategy");
        assertThatThrownBy(() -> SubjectNameStrategy.forName("com.example.Missing"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("com.example.Missing");
    }
}
