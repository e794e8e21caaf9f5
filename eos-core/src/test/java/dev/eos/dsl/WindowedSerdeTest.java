package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.store.Windowed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class WindowedSerdeTest {
    private final Serde<Windowed<String>> serde = WindowedSerde.of(Serdes.String());

    @Test
    void shouldWriteKeyThenStartThenEndBigEndian() {
        byte[] bytes = serde.serializer().serialize("t", new Windowed<>("ab", 60_000, 120_000));
        ByteBuffer expected = ByteBuffer.allocate(18).put("ab".getBytes(StandardCharsets.UTF_8))
                .putLong(60_000).putLong(120_000);
        assertThat(bytes).isEqualTo(expected.array());
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(new Windowed<>("ab", 60_000, 120_000));
    }

    @Test
    void shouldPassNullsAndRejectTruncatedBytes() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[7]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("at least 16 bytes");
    }
}
