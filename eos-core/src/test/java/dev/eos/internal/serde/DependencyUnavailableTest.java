package dev.eos.internal.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class DependencyUnavailableTest {

    @Test
    void aRetriableExceptionFromASerdeMeansADependencyIsAway() {
        assertThat(DependencyUnavailable.signalledBy(new TimeoutException("registry"))).isTrue();
    }

    @Test
    void aCorruptRecordIsBadDataEvenThoughKafkaCallsItRetriable() {
        assertThat(DependencyUnavailable.signalledBy(new CorruptRecordException("checksum"))).isFalse();
        assertThat(DependencyUnavailable.signalledBy(new SerializationException("bad bytes"))).isFalse();
    }

    @Test
    void watchedSerdesReportDependencyErrorsAndLeaveBadDataToTheHandlers() {
        Serializer<String> away = (topic, data) -> {
            throw new TimeoutException("registry unreachable");
        };
        assertThatThrownBy(() -> DependencyUnavailable.watching(away, "A serde of store counts").serialize("t", "x"))
                .isInstanceOf(DependencyUnavailable.class)
                .hasMessage("A serde of store counts is waiting for a dependency: registry unreachable");
        Deserializer<String> corrupt = (topic, data) -> {
            throw new CorruptRecordException("checksum mismatch");
        };
        assertThatThrownBy(() -> DependencyUnavailable.watching(corrupt, "A serde of store counts")
                .deserialize("t", new byte[1])).isInstanceOf(CorruptRecordException.class);
    }
}
