package dev.eos.avro.registry;

import static dev.eos.avro.stub.TestSchemas.ORDER_V1;
import static dev.eos.avro.stub.TestSchemas.ORDER_V2_OPTIONAL_NOTE;
import static dev.eos.avro.stub.TestSchemas.ORDER_V2_REQUIRED_CURRENCY;
import static dev.eos.avro.stub.TestSchemas.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.stub.RegistryStub;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {
    private RegistryStub stub;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws Exception {
        stub = RegistryStub.start();
        client = SchemaRegistryClient.create(fastRetries().urls(stub.url()).build());
    }

    @AfterEach
    void stop() {
        client.close();
        stub.close();
    }

    static SchemaRegistryClientConfig.Builder fastRetries() {
        return SchemaRegistryClientConfig.builder().maxRetries(2).retryBackoff(Duration.ofMillis(5))
                .retryBackoffMax(Duration.ofMillis(20)).connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(5));
    }

    @Test
    void registerReturnsTheIdAndTheRegistryServesTheSchemaBack() {
        int id = client.register("orders-value", ORDER_V1);
        try (SchemaRegistryClient other = SchemaRegistryClient.create(fastRetries().urls(stub.url()).build())) {
            assertThat(other.schemaById(id)).isEqualTo(ORDER_V1);
            assertThat(other.idOf("orders-value", ORDER_V1)).isEqualTo(id);
            assertThat(other.latestVersion("orders-value")).isEqualTo(new RegisteredSchema("orders-value", 1, id, ORDER_V1));
        }
    }

    @Test
    void versionsSubjectsAndVersionByNumberListWhatWasRegistered() {
        int v1 = client.register("orders-value", ORDER_V1);
        int v2 = client.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
        client.register("payments-value", PAYMENT);
        assertThat(client.versions("orders-value")).containsExactly(1, 2);
        assertThat(client.subjects()).containsExactlyInAnyOrder("orders-value", "payments-value");
        assertThat(client.version("orders-value", 1).id()).isEqualTo(v1);
        assertThat(client.version("orders-value", 2).schema()).isEqualTo(ORDER_V2_OPTIONAL_NOTE);
        assertThat(client.latestVersion("orders-value").id()).isEqualTo(v2);
    }

    @Test
    void registeringAndLookingUpTheSameSchemaAgainAsksTheRegistryOnce() {
        int id = client.register("orders-value", ORDER_V1);
        for (int i = 0; i < 100; i++) {
            assertThat(client.register("orders-value", ORDER_V1)).isEqualTo(id);
            assertThat(client.idOf("orders-value", ORDER_V1)).isEqualTo(id);
            assertThat(client.schemaById(id)).isEqualTo(ORDER_V1);
        }
        assertThat(stub.requests()).containsExactly("POST /subjects/orders-value/versions");
    }

    @Test
    void schemaByIdIsFetchedOncePerId() {
        int id = stub.register("orders-value", ORDER_V1);
        for (int i = 0; i < 50; i++) {
            client.schemaById(id);
        }
        assertThat(stub.requests()).containsExactly("GET /schemas/ids/" + id);
    }

    @Test
    void latestVersionIsCachedWithinItsTtlAndNotWithTtlZero() {
        stub.register("orders-value", ORDER_V1);
        client.latestVersion("orders-value");
        client.latestVersion("orders-value");
        assertThat(stub.requestsMatching("GET /subjects/orders-value/versions/latest")).isEqualTo(1);

        try (SchemaRegistryClient uncached = SchemaRegistryClient.create(fastRetries().urls(stub.url())
                .latestCacheTtl(Duration.ZERO).build())) {
            uncached.latestVersion("orders-value");
            stub.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
            assertThat(uncached.latestVersion("orders-value").version()).isEqualTo(2);
        }
        assertThat(stub.requestsMatching("GET /subjects/orders-value/versions/latest")).isEqualTo(3);
    }

    @Test
    void registeringANewVersionRefreshesTheCachedLatest() {
        client.register("orders-value", ORDER_V1);
        assertThat(client.latestVersion("orders-value").version()).isEqualTo(1);
        client.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
        assertThat(client.latestVersion("orders-value").version()).isEqualTo(2);
    }

    @Test
    void aUrlWithAPathPrefixIsKept() throws Exception {
        try (RegistryStub apicurioLike = RegistryStub.start("/apis/ccompat/v7");
             SchemaRegistryClient c = SchemaRegistryClient.create(fastRetries().urls(apicurioLike.url() + "/").build())) {
            int id = c.register("orders-value", ORDER_V1);
            assertThat(c.latestVersion("orders-value").id()).isEqualTo(id);
            assertThat(apicurioLike.requests()).first().isEqualTo("POST /subjects/orders-value/versions");
        }
    }

    @Test
    void subjectsWithSlashesAndSpacesAreEncodedInThePath() {
        int id = client.register("team a/orders", ORDER_V1);
        assertThat(client.latestVersion("team a/orders").id()).isEqualTo(id);
        assertThat(stub.requests()).first().isEqualTo("POST /subjects/team%20a%2Forders/versions");
    }

    @Test
    void compatibilityFallsBackToTheGlobalLevelAndSubjectLevelsCanBeSet() {
        stub.setGlobalLevel(CompatibilityLevel.FORWARD);
        assertThat(client.compatibility("orders-value")).isEqualTo(CompatibilityLevel.FORWARD);
        client.setCompatibility("orders-value", CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(client.compatibility("orders-value")).isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        client.setGlobalCompatibility(CompatibilityLevel.NONE);
        assertThat(client.globalCompatibility()).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void isCompatibleAnswersForTheSubjectsRuleAndGivesReasonsWhenNot() {
        client.register("orders-value", ORDER_V1);
        assertThat(client.isCompatible("orders-value", ORDER_V2_OPTIONAL_NOTE)).isTrue();
        CompatibilityVerdict verdict = client.checkCompatibility("orders-value", ORDER_V2_REQUIRED_CURRENCY);
        assertThat(verdict.compatible()).isFalse();
        assertThat(verdict.messages()).anyMatch(m -> m.contains("currency"));
        assertThat(client.isCompatible("no-such-subject", ORDER_V1)).isTrue();
    }

    @Test
    void aRefusedRegisterNamesTheSubjectTheRuleAndTheField() {
        client.register("orders-value", ORDER_V1);
        IncompatibleSchemaException e = catchThrowableOfType(IncompatibleSchemaException.class,
                () -> client.register("orders-value", ORDER_V2_REQUIRED_CURRENCY));
        assertThat(e.status()).isEqualTo(409);
        assertThat(e.subject()).isEqualTo("orders-value");
        assertThat(e.level()).contains(CompatibilityLevel.BACKWARD);
        assertThat(e.report()).hasValueSatisfying(r ->
                assertThat(r.incompatibilities()).anyMatch(i -> i.field().equals("currency")));
        assertThat(e.getMessage()).contains("'orders-value'", "BACKWARD", "currency");
    }

    @Test
    void aRefusedRegisterUnderATransitiveRuleChecksEveryEarlierVersion() {
        client.setCompatibility("orders-value", CompatibilityLevel.BACKWARD_TRANSITIVE);
        client.register("orders-value", ORDER_V1);
        client.register("orders-value", ORDER_V2_OPTIONAL_NOTE);
        IncompatibleSchemaException e = catchThrowableOfType(IncompatibleSchemaException.class,
                () -> client.register("orders-value", ORDER_V2_REQUIRED_CURRENCY));
        assertThat(e.report().orElseThrow().incompatibilities())
                .extracting(i -> i.againstVersion()).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void anUnknownIdIsASchemaRegistryExceptionWithTheRegistrysCode() {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.schemaById(999));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        assertThat(e.url()).isEqualTo(stub.url() + "/schemas/ids/999");
        assertThat(e.getMessage()).contains("40403", "Schema 999 not found", e.url());
    }

    @Test
    void serverErrorsAreRetriedWithBackoffUntilTheRegistryAnswers() {
        stub.failNext(2, 503);
        int id = client.register("orders-value", ORDER_V1);
        assertThat(id).isPositive();
        assertThat(stub.requestsMatching("POST /subjects/orders-value/versions")).isEqualTo(3);
    }

    @Test
    void serverErrorsBeyondTheRetriesAreRetriableUnavailability() {
        stub.failNext(10, 500);
        assertThatThrownBy(() -> client.register("orders-value", ORDER_V1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .isInstanceOf(org.apache.kafka.common.errors.RetriableException.class)
                .hasMessageContaining("3 attempts").hasMessageContaining("HTTP 500").hasMessageContaining("max.retries=2");
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void aRegistryThatRefusesConnectionsIsRetriableUnavailability() {
        String url = stub.url();
        stub.close();
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining(url);
    }

    @Test
    void theNextUrlIsTriedWhenOneCannotBeReached() throws Exception {
        RegistryStub dead = RegistryStub.start();
        String deadUrl = dead.url();
        dead.close();
        try (SchemaRegistryClient failover = SchemaRegistryClient.create(fastRetries().maxRetries(0)
                .urls(deadUrl + "," + stub.url()).build())) {
            assertThat(failover.register("orders-value", ORDER_V1)).isPositive();
        }
    }

    @Test
    void userInfoCredentialsAreSentAsBasicAuth() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
        stub.requireAuthorization(expected);
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(java.util.Map.of(
                "schema.registry.url", stub.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:s3cret")))) {
            assertThat(authed.register("orders-value", ORDER_V1)).isPositive();
        }
        assertThat(stub.authorizations()).containsOnly(expected);
    }

    @Test
    void urlCredentialsAreSentAsBasicAuthAndNotInTheUrl() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
        stub.requireAuthorization(expected);
        String withCredentials = stub.url().replace("http://", "http://svc:s3cret@");
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromMap(java.util.Map.of(
                "schema.registry.url", withCredentials, "basic.auth.credentials.source", "URL"));
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(config)) {
            assertThat(authed.register("orders-value", ORDER_V1)).isPositive();
            assertThat(config.urls()).extracting(Object::toString).containsExactly(stub.url());
            assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("svc:");
            assertThat(authed.toString()).doesNotContain("s3cret");
        }
        assertThat(stub.authorizations()).containsOnly(expected);
    }

    @Test
    void credentialsInTheUrlAreUsedWhenNoSourceIsSetAsConfluentDefaultsToUrl() {
        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret".getBytes(StandardCharsets.UTF_8));
        stub.requireAuthorization(expected);
        SchemaRegistryClientConfig config = SchemaRegistryClientConfig.fromMap(java.util.Map.of(
                "schema.registry.url", stub.url().replace("http://", "http://svc:s3cret@")));
        assertThat(config.basicAuthCredentialsSource()).isEqualTo(BasicAuthCredentialsSource.URL);
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(config)) {
            assertThat(authed.subjects()).isEmpty();
        }
    }

    @Test
    void refusedCredentialsAreRetriableNamingTheKeysWithoutShowingThem() {
        // credentials being rotated, or an authentication back-end down: inside Eos the app waits
        // (a non-retriable error would send every record to the error handler)
        stub.requireAuthorization("Basic something-else");
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(fastRetries().urls(stub.url())
                .basicAuthUserInfo("svc:s3cret").build())) {
            assertThatThrownBy(authed::subjects).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 401").hasMessageContaining("basic.auth.user.info")
                    .hasMessageNotContaining("s3cret");
        }
    }

    @Test
    void onlyTheRegistrysOwnRefusalsAreFinal() {
        // an ingress answering 404 while the registry pod is not ready: no registry error code
        stub.answerNext(3, 404, "<html>default backend - 404</html>", null);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("HTTP 404").hasMessageContaining("check the path in schema.registry.url");
        // Confluent's answer for an unknown path has error_code 404, not a registry code
        stub.answerNext(3, 404, "{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}", null);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
        stub.answerNext(3, 408, "", null);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class);
        // a proxy's page with 200
        stub.answerNext(3, 200, "<html>maintenance</html>", null);
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
                .hasMessageContaining("not JSON");
        // the registry's own answer: schema not found
        SchemaRegistryException notFound = catchThrowableOfType(SchemaRegistryException.class,
                () -> client.schemaById(12345));
        assertThat(notFound.errorCode()).isEqualTo(40403);
    }

    @Test
    void redirectsAreNotFollowedSoCredentialsNeverGoToAnotherHost() {
        stub.answerNext(3, 307, "", "http://elsewhere.invalid:8081/schemas/ids/1");
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(fastRetries().urls(stub.url())
                .basicAuthUserInfo("svc:s3cret").build())) {
            assertThatThrownBy(() -> authed.schemaById(1)).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("redirected to http://elsewhere.invalid:8081/schemas/ids/1")
                    .hasMessageContaining("put the final URL in schema.registry.url");
        }
        assertThat(stub.requestsMatching("GET /schemas/ids/1")).isEqualTo(3);
    }

    @Test
    void unavailabilityMessagesCarryNoCredentials() {
        String url = stub.url();
        stub.close();
        try (SchemaRegistryClient authed = SchemaRegistryClient.create(fastRetries().maxRetries(0)
                .urls(url.replace("http://", "http://svc:s3cret@"))
                .basicAuthCredentialsSource(BasicAuthCredentialsSource.URL).build())) {
            assertThatThrownBy(authed::subjects).isInstanceOf(SchemaRegistryUnavailableException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").contains(url));
        }
    }

    @Test
    void listsAreImmutableCopies() {
        client.register("orders-value", ORDER_V1);
        List<Integer> versions = client.versions("orders-value");
        assertThatThrownBy(() -> versions.add(2)).isInstanceOf(UnsupportedOperationException.class);
    }
}
