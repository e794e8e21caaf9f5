package dev.eos.internal.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class ValueAndTimestampSerdeTest {
    private final Serde<ValueAndTimestamp<String>> serde = new ValueAndTimestampSerde<>(Serdes.String());

    @Test
    void serialize_shouldWriteTheTimestampBigEndianThenTheInnerSerdesBytes() {
        byte[] bytes = serde.serializer().serialize("t", new ValueAndTimestamp<>("abc", 0x0102030405060708L));

        assertThat(bytes).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 'a', 'b', 'c');
    }

    @Test
    void deserialize_shouldReadBackValueAndTimestamp() {
        ValueAndTimestamp<String> stored = new ValueAndTimestamp<>("hello", 1_700_000_000_123L);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", stored))).isEqualTo(stored);
    }

    @Test
    void nullValueAndTimestamp_shouldBeNoBytesBothWays() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
        assertThat(ValueAndTimestamp.make(null, 5)).isNull();
    }

    @Test
    void deserialize_shouldRejectBytesTooShortForATimestampWithAResetHint() {
        byte[] oldFormat = ByteBuffer.allocate(4).putInt(7).array();

        assertThatThrownBy(() -> serde.deserializer().deserialize("app-counts-changelog", oldFormat))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("fewer than the 8 of its timestamp")
                .hasMessageContaining("'app-counts-changelog'")
                .hasMessageContaining("reset the application's state");
    }

    /** A Long count written before DSL stores kept timestamps is exactly 8 bytes: read as a timestamp, no value. */
    @Test
    void deserialize_ofAnOldFormatLongCount_shouldNameTheChangelogAndHintAtAResetKeepingTheCause() {
        Serde<ValueAndTimestamp<Long>> counts = new ValueAndTimestampSerde<>(Serdes.Long());
        byte[] oldFormatCount = Serdes.Long().serializer().serialize("t", 42L);

        assertThatThrownBy(() -> counts.deserializer().deserialize("app-counts-changelog", oldFormatCount))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'app-counts-changelog'")
                .hasMessageContaining("only a timestamp")
                .hasMessageContaining("reset the application's state")
                .cause().isInstanceOf(SerializationException.class)
                .hasMessageContaining("LongDeserializer");
    }

    @Test
    void deserialize_shouldWrapAnyExceptionOfTheInnerDeserializerWithTheChangelogAndAResetHint() {
        IllegalStateException unreadable = new IllegalStateException("bad magic byte");
        Serde<ValueAndTimestamp<String>> failing = new ValueAndTimestampSerde<>(Serdes.serdeFrom(
                Serdes.String().serializer(), (topic, bytes) -> {
                    throw unreadable;
                }));
        byte[] bytes = serde.serializer().serialize("t", new ValueAndTimestamp<>("abc", 5));

        assertThatThrownBy(() -> failing.deserializer().deserialize("app-store-changelog", bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("'app-store-changelog'")
                .hasMessageContaining("bad magic byte")
                .hasMessageContaining("reset the application's state")
                .cause().isSameAs(unreadable);
    }

    @Test
    void deserialize_ofOnlyATimestamp_shouldReadAnEmptyValueWhenTheInnerSerdeCan() {
        byte[] bytes = serde.serializer().serialize("t", new ValueAndTimestamp<>("", 9));

        assertThat(bytes).hasSize(8);
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(new ValueAndTimestamp<>("", 9));
    }
}
