package dev.eos.examples.rekey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RekeyOptionsTest {

    @Test
    void parse_defaultsToEmbeddedBrokerAndEventsByCountryKeyedByUser() {
        RekeyOptions o = RekeyOptions.parse();
        assertThat(o.bootstrapServers()).isNull();
        assertThat(o.source()).isEqualTo("events_by_country");
        assertThat(o.target()).isEqualTo("events_by_user");
        assertThat(o.keyFields()).containsExactly("user_id");
        assertThat(o.partitions()).isEqualTo(12);
        assertThat(o.partitioner().kind()).isEqualTo(PartitionerChoice.Kind.DEFAULT);
        assertThat(o.records()).isEqualTo(100_000);
        assertThat(o.onError()).isEqualTo("dead_letter");
    }

    @Test
    void parse_generatesNothingByDefaultOnARealCluster() {
        assertThat(RekeyOptions.parse("--bootstrap-servers", "kafka:9092").records()).isZero();
        assertThat(RekeyOptions.parse("--bootstrap-servers", "kafka:9092", "--records", "10").records()).isEqualTo(10);
    }

    @Test
    void parse_acceptsCompoundKeyFieldsCommaSeparatedOrRepeated() {
        assertThat(RekeyOptions.parse("--key-field", "user_id, session_id").keyFields())
                .containsExactly("user_id", "session_id");
        assertThat(RekeyOptions.parse("--key-field", "user_id", "--key-field", "session_id").keyFields())
                .containsExactly("user_id", "session_id");
    }

    @Test
    void parse_readsEveryOption() {
        RekeyOptions o = RekeyOptions.parse("--source", "a", "--target", "b", "--partitions", "3",
                "--partitioner", "field:country", "--records", "50", "--on-error", "SKIP");
        assertThat(o).isEqualTo(new RekeyOptions(null, "a", "b", List.of("user_id"), 3,
                new PartitionerChoice(PartitionerChoice.Kind.FIELD, "country"), 50, "skip"));
    }

    @Test
    void parse_rejectsUnknownOptionWithUsage() {
        assertThatThrownBy(() -> RekeyOptions.parse("--partition", "3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Unknown option '--partition'")
                .hasMessageContaining("Usage: RekeyJob");
    }

    @Test
    void parse_rejectsOptionWithoutValue() {
        assertThatThrownBy(() -> RekeyOptions.parse("--target"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--target needs a value");
        assertThatThrownBy(() -> RekeyOptions.parse("--key-field", "--partitions", "3"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--key-field needs a value");
    }

    @Test
    void parse_rejectsBadNumbers() {
        assertThatThrownBy(() -> RekeyOptions.parse("--partitions", "twelve"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--partitions needs a number, not 'twelve'");
        assertThatThrownBy(() -> RekeyOptions.parse("--partitions", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--partitions must be at least 1, not 0");
        assertThatThrownBy(() -> RekeyOptions.parse("--records", "-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--records must be at least 0");
    }

    @Test
    void parse_rejectsUnknownPartitionerAndErrorHandler() {
        assertThatThrownBy(() -> RekeyOptions.parse("--partitioner", "random"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--partitioner must be default, prefix or field:NAME, not 'random'");
        assertThatThrownBy(() -> RekeyOptions.parse("--partitioner", "field:"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RekeyOptions.parse("--on-error", "ignore"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dead-letter, skip, fail");
    }

    @Test
    void parse_rejectsEmptyKeyFieldSameSourceAndTargetAndNothingToReadOnEmbeddedBroker() {
        assertThatThrownBy(() -> RekeyOptions.parse("--key-field", "user_id,"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty field name");
        assertThatThrownBy(() -> RekeyOptions.parse("--source", "x", "--target", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("are both 'x'");
        assertThatThrownBy(() -> RekeyOptions.parse("--records", "0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--records 0 needs --bootstrap-servers");
    }

    @Test
    void parse_signalsHelp() {
        assertThatThrownBy(() -> RekeyOptions.parse("--help"))
                .isInstanceOf(RekeyOptions.HelpRequested.class).hasMessageContaining("--key-field");
    }
}
