package dev.eos.testkit.registry;

import static dev.eos.testkit.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import dev.eos.testkit.registry.RegistryHttp.Answer;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The embedded registry speaks the Confluent REST subset with Confluent's semantics and codes,
 * and keeps its state in Kafka. Each test has its own schemas topic, so its own registry state.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddedSchemaRegistryIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private EmbeddedSchemaRegistry.Builder registry() {
        return EmbeddedSchemaRegistry.builder(KAFKA.cluster()).topic(KAFKA.uniqueTopic("_schemas"));
    }

    @Test
    void shouldRegisterLookUpAndListVersionsLikeConfluent() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            int v1 = http.register("orders-value", Schemas.V1);
            assertThat(http.register("orders-value", Schemas.V1)).as("same schema again: same id").isEqualTo(v1);
            int v2 = http.register("orders-value", Schemas.V2_OPTIONAL_NOTE);
            assertThat(v2).isNotEqualTo(v1);
            assertThat(http.register("archive-value", Schemas.V1)).as("same schema, other subject: same id").isEqualTo(v1);

            Answer lookup = http.post("/subjects/orders-value", schemaBody(Schemas.V1));
            assertThat(lookup.status()).isEqualTo(200);
            assertThat(lookup.contentType()).isEqualTo(RegistryHttp.CONTENT_TYPE);
            assertThat(lookup.body().get("id").asInt()).isEqualTo(v1);
            assertThat(lookup.body().get("version").asInt()).isEqualTo(1);
            assertThat(lookup.body().get("subject").asText()).isEqualTo("orders-value");

            assertThat(http.get("/subjects/orders-value/versions").body().toString()).isEqualTo("[1,2]");
            Answer latest = http.get("/subjects/orders-value/versions/latest");
            assertThat(latest.body().get("version").asInt()).isEqualTo(2);
            assertThat(latest.body().get("id").asInt()).isEqualTo(v2);
            assertThat(http.get("/subjects/orders-value/versions/1").body().get("id").asInt()).isEqualTo(v1);
            assertThat(http.get("/schemas/ids/" + v2).body().get("schema").asText()).contains("\"note\"");
            assertThat(http.get("/subjects").body().toString()).isEqualTo("[\"archive-value\",\"orders-value\"]");
            assertThat(http.get("/schemas/types").body().toString()).isEqualTo("[\"AVRO\"]");
        }
    }

    @Test
    void shouldServeTheSameIdsFromANewRegistryOnTheSameTopic() throws Exception {
        EmbeddedSchemaRegistry.Builder builder = registry();
        int v1;
        int v2;
        String topic;
        try (EmbeddedSchemaRegistry first = builder.start()) {
            topic = first.topic();
            RegistryHttp http = RegistryHttp.to(first);
            v1 = http.register("orders-value", Schemas.V1);
            v2 = http.register("orders-value", Schemas.V2_OPTIONAL_NOTE);
            assertThat(http.put("/config/orders-value", "{\"compatibility\":\"FULL\"}").status()).isEqualTo(200);
        }
        try (EmbeddedSchemaRegistry second = builder.start()) {
            RegistryHttp http = RegistryHttp.to(second);
            assertThat(http.get("/schemas/ids/" + v1).body().get("schema").asText()).doesNotContain("note");
            assertThat(http.get("/schemas/ids/" + v2).body().get("schema").asText()).contains("note");
            assertThat(http.register("orders-value", Schemas.V1)).isEqualTo(v1);
            assertThat(http.get("/config/orders-value").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
            int v3 = http.register("customers-value", Schemas.V1_WITH_INT_CODE);
            assertThat(v3).as("a new schema after a restart gets a new id").isNotIn(v1, v2);
        }
        try (Admin admin = KAFKA.cluster().admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void shouldRefuseConnectionsWhileStoppedAndServeTheSameUrlAndSchemasAfterStart() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            int id = http.register("orders-value", Schemas.V1);
            String url = registry.url();

            registry.stop();
            assertThat(registry.isRunning()).isFalse();
            assertThatThrownBy(() -> http.get("/schemas/ids/" + id)).isInstanceOf(ConnectException.class);

            registry.start();
            assertThat(registry.url()).isEqualTo(url);
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
        }
    }

    @Test
    void shouldRefuseUnderBackwardANewRequiredFieldNamingIt() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            http.register("orders-value", Schemas.V1);
            assertThat(http.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

            Answer refused = http.post("/subjects/orders-value/versions", schemaBody(Schemas.V2_REQUIRED_EMAIL));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo(409);
            assertThat(refused.message())
                    .startsWith("Schema being registered is incompatible with an earlier schema for subject \"orders-value\" (BACKWARD): ")
                    .contains("field 'email'");
            assertThat(http.get("/subjects/orders-value/versions").body().toString()).isEqualTo("[1]");
            http.register("orders-value", Schemas.V2_WITHOUT_NAME);
        }
    }

    @Test
    void shouldRefuseUnderForwardARemovedRequiredFieldNamingIt() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            setLevel(http, "orders-value", "FORWARD");
            http.register("orders-value", Schemas.V1);

            Answer refused = http.post("/subjects/orders-value/versions", schemaBody(Schemas.V2_WITHOUT_NAME));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).contains("(FORWARD)").contains("field 'name'");
            http.register("orders-value", Schemas.V2_REQUIRED_EMAIL);
        }
    }

    @Test
    void shouldRefuseUnderFullBothDirectionsAndAcceptAnOptionalField() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            setLevel(http, "orders-value", "FULL");
            http.register("orders-value", Schemas.V1);

            Answer addRequired = http.post("/subjects/orders-value/versions", schemaBody(Schemas.V2_REQUIRED_EMAIL));
            assertThat(addRequired.status()).isEqualTo(409);
            assertThat(addRequired.message()).contains("(FULL)").contains("field 'email'");
            Answer removeRequired = http.post("/subjects/orders-value/versions", schemaBody(Schemas.V2_WITHOUT_NAME));
            assertThat(removeRequired.status()).isEqualTo(409);
            assertThat(removeRequired.message()).contains("field 'name'");
            http.register("orders-value", Schemas.V2_OPTIONAL_NOTE);
        }
    }

    @Test
    void shouldCheckEveryEarlierVersionOnlyUnderATransitiveLevel() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            for (String subject : List.of("plain-value", "transitive-value")) {
                http.register(subject, Schemas.V1_WITH_INT_CODE);
                http.register(subject, Schemas.V1);
            }
            setLevel(http, "transitive-value", "BACKWARD_TRANSITIVE");

            Answer refused = http.post("/subjects/transitive-value/versions", schemaBody(Schemas.V3_STRING_CODE));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.message()).contains("(BACKWARD_TRANSITIVE)").contains("version 1").contains("field 'code'");
            assertThat(http.post("/subjects/plain-value/versions", schemaBody(Schemas.V3_STRING_CODE)).status())
                    .as("BACKWARD looks at the latest version only").isEqualTo(200);
        }
    }

    @Test
    void shouldAcceptAnythingUnderNone() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            assertThat(http.put("/config", "{\"compatibility\":\"NONE\"}").body().get("compatibility").asText())
                    .isEqualTo("NONE");
            http.register("orders-value", Schemas.V1);
            http.register("orders-value", Schemas.V2_REQUIRED_EMAIL);
            http.register("orders-value", Schemas.V2_WITHOUT_NAME);
            assertThat(http.get("/subjects/orders-value/versions").body().toString()).isEqualTo("[1,2,3]");
        }
    }

    @Test
    void shouldAnswerCompatibilityTestsWithTheReasonsWhenVerbose() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            assertThat(http.post("/compatibility/subjects/orders-value/versions/latest", schemaBody(Schemas.V1))
                    .body().get("is_compatible").asBoolean()).as("a subject without versions takes anything").isTrue();
            http.register("orders-value", Schemas.V1);

            Answer verbose = http.post("/compatibility/subjects/orders-value/versions/latest?verbose=true",
                    schemaBody(Schemas.V2_REQUIRED_EMAIL));
            assertThat(verbose.status()).isEqualTo(200);
            assertThat(verbose.body().get("is_compatible").asBoolean()).isFalse();
            List<String> messages = new ArrayList<>();
            verbose.body().get("messages").forEach(m -> messages.add(m.asText()));
            assertThat(messages).singleElement().asString().contains("field 'email'");

            Answer ok = http.post("/compatibility/subjects/orders-value/versions/1", schemaBody(Schemas.V2_OPTIONAL_NOTE));
            assertThat(ok.body().get("is_compatible").asBoolean()).isTrue();
            assertThat(http.get("/subjects/orders-value/versions").body().toString())
                    .as("a compatibility test registers nothing").isEqualTo("[1]");
        }
    }

    @Test
    void shouldKeepSubjectConfigApartFromTheGlobalOne() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            setLevel(http, "orders-value", "FULL");
            assertThat(http.put("/config", "{\"compatibility\":\"forward\"}").status()).isEqualTo(200);

            assertThat(http.get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FORWARD");
            assertThat(http.get("/config/orders-value").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
            Answer noSubjectLevel = http.get("/config/payments-value");
            assertThat(noSubjectLevel.status()).isEqualTo(404);
            assertThat(noSubjectLevel.errorCode()).isEqualTo(40408);
            assertThat(http.get("/config/payments-value?defaultToGlobal=true").body().get("compatibilityLevel").asText())
                    .isEqualTo("FORWARD");

            Answer invalid = http.put("/config/orders-value", "{\"compatibility\":\"SIDEWAYS\"}");
            assertThat(invalid.status()).isEqualTo(422);
            assertThat(invalid.errorCode()).isEqualTo(42203);
            assertThat(invalid.message()).contains("SIDEWAYS");

            assertThat(http.delete("/config/orders-value").status()).isEqualTo(200);
            assertThat(http.get("/config/orders-value").errorCode()).isEqualTo(40408);
        }
    }

    @Test
    void shouldRequireBasicAuthAndNeverShowThePassword() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().basicAuth("registry-user", "s3cret-pw").start()) {
            RegistryHttp anonymous = RegistryHttp.to(registry);
            Answer refused = anonymous.get("/subjects");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.errorCode()).isEqualTo(401);
            assertThat(anonymous.withBasicAuth("registry-user", "wrong").get("/subjects").status()).isEqualTo(401);

            RegistryHttp user = anonymous.withBasicAuth("registry-user", "s3cret-pw");
            assertThat(user.register("orders-value", Schemas.V1)).isPositive();
            assertThat(user.get("/subjects").status()).isEqualTo(200);

            assertThat(registry.toString()).contains("registry-user").doesNotContain("s3cret-pw");
            assertThat(registry.serdeConfig()).containsEntry("basic.auth.credentials.source", "USER_INFO")
                    .containsEntry("basic.auth.user.info", "registry-user:s3cret-pw");
        }
    }

    @Test
    void shouldAnswerConfluentErrorCodesForWhatIsMissingOrInvalid() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            assertError(http.get("/subjects/nobody-value/versions"), 404, 40401);
            assertError(http.get("/subjects/nobody-value/versions/latest"), 404, 40401);
            assertError(http.post("/subjects/nobody-value", schemaBody(Schemas.V1)), 404, 40401);
            assertError(http.get("/schemas/ids/4711"), 404, 40403);

            http.register("orders-value", Schemas.V1);
            assertError(http.post("/subjects/orders-value", schemaBody(Schemas.V2_OPTIONAL_NOTE)), 404, 40403);
            assertError(http.get("/subjects/orders-value/versions/7"), 404, 40402);
            assertError(http.get("/subjects/orders-value/versions/zero"), 422, 42202);
            Answer invalid = http.post("/subjects/orders-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
            assertError(invalid, 422, 42201);
            assertThat(invalid.message()).startsWith("Invalid schema");
            assertError(http.post("/subjects/orders-value/versions",
                    "{\"schema\":\"{}\",\"schemaType\":\"PROTOBUF\"}"), 422, 42201);
            assertError(http.get("/no/such/path"), 404, 404);
        }
    }

    @Test
    void shouldKeepIdsResolvableAfterASubjectIsDeleted() throws Exception {
        try (EmbeddedSchemaRegistry registry = registry().start()) {
            RegistryHttp http = RegistryHttp.to(registry);
            int id = http.register("orders-value", Schemas.V1);
            assertThat(http.delete("/subjects/orders-value").body().toString()).isEqualTo("[1]");
            assertError(http.get("/subjects/orders-value/versions"), 404, 40401);
            assertThat(http.get("/schemas/ids/" + id).status()).isEqualTo(200);
            assertThat(http.register("orders-value", Schemas.V1)).as("re-registered: same id").isEqualTo(id);
            assertThat(http.get("/subjects/orders-value/versions").body().toString()).isEqualTo("[2]");
        }
    }

    private static void setLevel(RegistryHttp http, String subject, String level) throws Exception {
        Answer answer = http.put("/config/" + subject, "{\"compatibility\":\"" + level + "\"}");
        assertThat(answer.status()).as("PUT /config/%s %s: %s", subject, level, answer).isEqualTo(200);
    }

    private static void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as("status of %s", answer).isEqualTo(status);
        assertThat(answer.errorCode()).as("error_code of %s", answer).isEqualTo(errorCode);
        assertThat(answer.message()).isNotBlank();
    }
}
