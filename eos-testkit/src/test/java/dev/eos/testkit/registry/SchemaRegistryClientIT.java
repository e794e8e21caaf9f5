package dev.eos.testkit.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.RegisteredSchema;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryClientConfig;
import dev.eos.avro.registry.SchemaRegistryException;
import dev.eos.avro.registry.SchemaRegistryUnavailableException;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Eos's own registry client (eos-avro) against the embedded registry: the two speak the same
 * REST subset, so whatever a serde does in an Avro pipeline test reaches the embedded registry
 * the way it would reach Confluent's or Apicurio's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SchemaRegistryClientIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Schema V1 = new Schema.Parser().parse(Schemas.V1);
    private static final Schema V2_OPTIONAL_NOTE = new Schema.Parser().parse(Schemas.V2_OPTIONAL_NOTE);
    private static final Schema V2_REQUIRED_EMAIL = new Schema.Parser().parse(Schemas.V2_REQUIRED_EMAIL);

    private EmbeddedSchemaRegistry.Builder registry() {
        return EmbeddedSchemaRegistry.builder(KAFKA.cluster()).topic(KAFKA.uniqueTopic("_schemas"));
    }

    private static SchemaRegistryClient client(EmbeddedSchemaRegistry registry, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(registry.serdeConfig());
        config.putAll(extra);
        return SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(config));
    }

    @Test
    void shouldRegisterAndReadBackThroughTheClient() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start();
             SchemaRegistryClient client = client(registry, Map.of())) {
            int v1 = client.register("orders-value", V1);
            int v2 = client.register("orders-value", V2_OPTIONAL_NOTE);
            assertThat(client.idOf("orders-value", V1)).isEqualTo(v1);
            assertThat(client.schemaById(v2)).isEqualTo(V2_OPTIONAL_NOTE);
            RegisteredSchema latest = client.latestVersion("orders-value");
            assertThat(latest).isEqualTo(new RegisteredSchema("orders-value", 2, v2, V2_OPTIONAL_NOTE));
            assertThat(client.version("orders-value", 1).id()).isEqualTo(v1);
            assertThat(client.versions("orders-value")).containsExactly(1, 2);
            assertThat(client.subjects()).containsExactly("orders-value");

            assertThat(client.compatibility("orders-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            client.setCompatibility("orders-value", CompatibilityLevel.FULL_TRANSITIVE);
            client.setGlobalCompatibility(CompatibilityLevel.FORWARD);
            assertThat(client.compatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
            assertThat(client.compatibility("payments-value")).isEqualTo(CompatibilityLevel.FORWARD);
            assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.FORWARD);
        }
    }

    @Test
    void shouldGetAnIncompatibleSchemaExceptionNamingSubjectRuleAndField() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start();
             SchemaRegistryClient client = client(registry, Map.of())) {
            client.register("orders-value", V1);
            assertThat(client.isCompatible("orders-value", V2_REQUIRED_EMAIL)).isFalse();
            assertThat(client.checkCompatibility("orders-value", V2_REQUIRED_EMAIL).messages())
                    .singleElement().asString().contains("email");

            assertThatThrownBy(() -> client.register("orders-value", V2_REQUIRED_EMAIL))
                    .isInstanceOfSatisfying(IncompatibleSchemaException.class, e -> {
                        assertThat(e.status()).isEqualTo(409);
                        assertThat(e.subject()).isEqualTo("orders-value");
                        assertThat(e.level()).contains(CompatibilityLevel.BACKWARD);
                    })
                    .hasMessageContaining("orders-value").hasMessageContaining("BACKWARD").hasMessageContaining("email");
        }
    }

    @Test
    void shouldSeeTheRegistryUnavailableWhileStoppedAndFindItAgainAfterStart() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start();
             SchemaRegistryClient client = client(registry, Map.of(SchemaRegistryClientConfig.MAX_RETRIES, 1,
                     SchemaRegistryClientConfig.RETRIES_WAIT_MS, 10))) {
            int id = client.register("orders-value", V1);
            registry.stop();
            assertThatThrownBy(() -> client.schemaById(id + 1)).isInstanceOf(SchemaRegistryUnavailableException.class);
            registry.start();
            assertThatThrownBy(() -> client.schemaById(id + 1)).isInstanceOfSatisfying(SchemaRegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND));
            assertThat(client.register("orders-value", V2_OPTIONAL_NOTE)).isNotEqualTo(id);
        }
    }

    @Test
    void shouldAuthenticateWithTheUserInfoOfTheSerdeConfig() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().basicAuth("registry-user", "s3cret-pw").start();
             SchemaRegistryClient client = client(registry, Map.of());
             SchemaRegistryClient wrong = client(registry, Map.of(SchemaRegistryClientConfig.BASIC_AUTH_USER_INFO,
                     "registry-user:wrong-pw"))) {
            assertThat(client.register("orders-value", V1)).isPositive();
            // retriable (credentials may be being rotated): inside Eos the app waits, naming the keys
            assertThatThrownBy(() -> wrong.subjects()).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("basic.auth.user.info")
                    .hasMessageNotContaining("wrong-pw").hasMessageNotContaining("s3cret-pw");
            assertThat(client.subjects()).isEqualTo(List.of("orders-value"));
        }
    }
}
