package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.verify.CommittedReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 12, docs defect: a short read of committed records is silent with readAll and an error with readAllOrFail. */
class CommittedReaderIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    @Test
    void shouldReturnWhatWasReadFromReadAllButFailFromReadAllOrFailWhenTheCountIsNotReachedInTime() {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String topic = KAFKA.uniqueTopic("reader-short");
        kafka.createTopic(topic, 2);
        KafkaIo.produce(kafka, List.of(KafkaIo.record(topic, "a", "1"), KafkaIo.record(topic, "b", "2")));
        Duration timeout = Duration.ofSeconds(2);

        assertThat(CommittedReader.readAll(kafka.clientConfig(), topic, n -> n >= 3, timeout)).hasSize(2);
        assertThatThrownBy(() -> CommittedReader.readAllOrFail(kafka.clientConfig(), topic, n -> n >= 3, timeout))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timed out after PT2S with 2 record(s) read")
                .hasMessageContaining("the condition on the count was not met");
        assertThat(CommittedReader.readAllOrFail(kafka.clientConfig(), topic, n -> n >= 2, Duration.ofSeconds(30)))
                .hasSize(2);
    }
}
