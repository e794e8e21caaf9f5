package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.errors.RecordProcessingException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class BadRecordHandlerTest {
    private final BadRecordHandler handler = new BadRecordHandler("t-0",
            EosConfig.builder().applicationId("a").bootstrapServers("b:9092").build());
    private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("orders", 3, 17L, new byte[0],
            new byte[0]);

    @Test
    void shouldGiveADeserializationErrorAFixNamingTheTopicAndTheHandler() {
        assertThatThrownBy(() -> handler.onDeserializationFailure(record,
                new DeserializationFailure("value", new SerializationException("bad bytes")), null))
                .isInstanceOf(RecordProcessingException.class)
                .hasMessageContaining("Could not deserialize a record at topic=orders partition=3 offset=17")
                .hasMessageContaining("Fix: check that what is written to orders matches the serdes")
                .hasMessageContaining("set deserialization.error.handler=log_and_continue or dead_letter");
    }

    @Test
    void shouldGiveAProcessingErrorAFixNamingTheHandler() {
        assertThatThrownBy(() -> handler.onProcessingFailure(record,
                new ProcessingFailure("MAP-VALUES-0000002", new IllegalStateException("boom"))))
                .isInstanceOf(RecordProcessingException.class)
                .hasMessageContaining("Processor MAP-VALUES-0000002 failed at topic=orders partition=3 offset=17")
                .hasMessageContaining("Fix: correct the processor or the record; to go on past such records set "
                        + "processing.error.handler=skip or dead_letter");
    }
}
