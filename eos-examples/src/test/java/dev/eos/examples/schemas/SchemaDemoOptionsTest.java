package dev.eos.examples.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SchemaDemoOptionsTest {

    @Test
    void parse_withoutArguments_usesTheEmbeddedBrokerAndRegistry() {
        SchemaDemoOptions options = SchemaDemoOptions.parse();

        assertThat(options.bootstrapServers()).isNull();
        assertThat(options.registryUrl()).isNull();
        assertThat(options.orders()).isEqualTo(3_000);
    }

    @Test
    void parse_refusesARealClusterWithoutARegistryUrlAndSaysWhatToPass() {
        assertThatThrownBy(() -> SchemaDemoOptions.parse("--bootstrap-servers", "kafka:9092"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--bootstrap-servers kafka:9092 needs --registry-url too");
    }

    @Test
    void parse_refusesANonNumberNamingTheOption() {
        assertThatThrownBy(() -> SchemaDemoOptions.parse("--orders", "many"))
                .hasMessageContaining("--orders takes a whole number, was 'many'");
    }
}
