package dev.eos.examples.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventKeysTest {
    private static final String EVENT = "{\"seq\":7,\"user_id\":\"u17\",\"session_id\":\"s3\",\"country\":\"US\",\"n\":5}";

    @Test
    void keyOf_isTheFieldOrTheCompoundOfFields() {
        assertThat(new EventKeys(List.of("user_id")).keyOf(EVENT)).isEqualTo("u17");
        assertThat(new EventKeys(List.of("user_id", "session_id")).keyOf(EVENT)).isEqualTo("u17:s3");
        assertThat(new EventKeys(List.of("country", "n")).keyOf(EVENT)).isEqualTo("US:5");
    }

    @Test
    void keyOf_rejectsInvalidJsonSayingSo() {
        assertThatThrownBy(() -> new EventKeys(List.of("user_id")).keyOf("{\"user_id\": oops"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Event is not valid JSON")
                .hasMessageEndingWith("{\"user_id\": oops");
        assertThatThrownBy(() -> new EventKeys(List.of("user_id")).keyOf("[1,2]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Event is not a JSON object");
        assertThatThrownBy(() -> new EventKeys(List.of("user_id")).keyOf(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tombstone");
    }

    @Test
    void keyOf_rejectsMissingNullOrNestedFieldNamingIt() {
        assertThatThrownBy(() -> new EventKeys(List.of("user")).keyOf(EVENT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Event has no field 'user' (fields: seq, user_id, session_id, country, n)");
        assertThatThrownBy(() -> new EventKeys(List.of("user_id")).keyOf("{\"user_id\":null}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no field 'user_id'");
        assertThatThrownBy(() -> new EventKeys(List.of("user_id")).keyOf("{\"user_id\":{\"id\":1}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is OBJECT");
    }

    @Test
    void keyOf_rejectsFieldValueContainingTheSeparator() {
        assertThatThrownBy(() -> new EventKeys(List.of("user_id", "session_id")).keyOf("{\"user_id\":\"a:b\",\"session_id\":\"s\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains the separator ':'");
    }

    @Test
    void partitionerChoice_unitIsWhatThePartitionerHashes() {
        EventKeys keys = new EventKeys(List.of("user_id", "session_id"));
        assertThat(PartitionerChoice.parse("default").unitOf(keys, "u17:s3", EVENT)).isEqualTo("u17:s3");
        assertThat(PartitionerChoice.parse("prefix").unitOf(keys, "u17:s3", EVENT)).isEqualTo("u17");
        assertThat(PartitionerChoice.parse("field:country").unitOf(keys, "u17:s3", EVENT)).isEqualTo("US");
        assertThat(PartitionerChoice.parse("prefix").unitName(keys)).isEqualTo("user_id");
    }

    @Test
    void partitionerChoice_prefixPlacesAUsersSessionsTogether() {
        EventKeys keys = new EventKeys(List.of("user_id", "session_id"));
        var prefix = PartitionerChoice.parse("prefix").create(keys);
        var byUserField = PartitionerChoice.parse("field:user_id").create(keys);
        for (int s = 0; s < 20; s++) {
            String json = "{\"user_id\":\"u17\",\"session_id\":\"s" + s + "\"}";
            assertThat(prefix.partition("t", "u17:s" + s, json, 12)).isEqualTo(prefix.partition("t", "u17:s0", json, 12));
            assertThat(byUserField.partition("t", "u17:s" + s, json, 12)).isEqualTo(prefix.partition("t", "u17:s0", json, 12));
        }
    }
}
