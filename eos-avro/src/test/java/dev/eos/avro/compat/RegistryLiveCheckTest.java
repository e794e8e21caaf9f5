package dev.eos.avro.compat;

import static dev.eos.avro.compat.SchemaFolderCheckTest.V1;
import static dev.eos.avro.compat.SchemaFolderCheckTest.V2_OPTIONAL;
import static dev.eos.avro.compat.SchemaFolderCheckTest.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The optional live check against a stub of the registry's compatibility endpoint (JDK HttpServer). */
class RegistryLiveCheckTest {
    private record Request(String method, String path, String query, String contentType, String authorization,
                           String body) {
    }

    @TempDir
    Path root;

    private HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String response = "{\"is_compatible\":true}";

    @BeforeEach
    void startStubAndWriteSchemas() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        write(root, "orders", "order_created.v1.avsc", V1);
        write(root, "orders", "order_created.v2.avsc", V2_OPTIONAL);
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7/");
    }

    private SchemaFolderReport check(RegistryCheck registry) {
        return SchemaFolderCheck.of(root).withRegistry(registry).run();
    }

    @Test
    void theNewestSchemaIsPostedToTheCompatibilityEndpointOfTheSubject() throws IOException {
        SchemaFolderReport report = check(RegistryCheck.at(url()).withSubjectSuffix("-value"));

        assertThat(report.problems()).isEmpty();
        assertThat(report.subject("orders").orElseThrow().registry()).hasValueSatisfying(r -> {
            assertThat(r.outcome()).isEqualTo(RegistryVerdict.Outcome.COMPATIBLE);
            assertThat(r.version()).isEqualTo(2);
            assertThat(r.registrySubject()).isEqualTo("orders-value");
        });
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.method()).isEqualTo("POST");
            assertThat(r.path()).isEqualTo("/apis/ccompat/v7/compatibility/subjects/orders-value/versions/latest");
            assertThat(r.query()).isEqualTo("verbose=true");
            assertThat(r.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(r.authorization()).isNull();
            String sent = new ObjectMapper().readTree(r.body()).get("schema").asText();
            assertThat(new Schema.Parser().parse(sent)).isEqualTo(new Schema.Parser().parse(V2_OPTIONAL));
        });
    }

    @Test
    void aRefusalFailsTheCheckWithTheRegistrysMessages() {
        response = "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2\"]}";

        SchemaFolderReport report = check(RegistryCheck.at(url()));

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.REGISTRY_INCOMPATIBLE);
            assertThat(p.file().getFileName()).hasToString("order_created.v2.avsc");
            assertThat(p.message()).contains("refuses version 2 for subject 'orders'",
                    "READER_FIELD_MISSING_DEFAULT_VALUE at /fields/2");
        });
    }

    @Test
    void aRefusalWithoutReasonsIsExplainedFromTheRegistrysOwnVersionsAndRule() throws IOException {
        // Apicurio's ccompat API answers {"is_compatible":false} and nothing else
        String registered = """
                {"type":"record","name":"OrderCreated","namespace":"shop","fields":[
                  {"name":"id","type":"string"},
                  {"name":"note","type":"int"}]}""";
        Map<String, String> answers = Map.of(
                "POST /apis/ccompat/v7/compatibility/subjects/orders/versions/latest", "{\"is_compatible\":false}",
                "GET /apis/ccompat/v7/config/orders", "{\"compatibilityLevel\":\"BACKWARD\"}",
                "GET /apis/ccompat/v7/subjects/orders/versions", "[1]",
                "GET /apis/ccompat/v7/subjects/orders/versions/1", new ObjectMapper().createObjectNode()
                        .put("subject", "orders").put("version", 1).put("id", 7).put("schema", registered).toString());
        server.removeContext("/");
        server.createContext("/", exchange -> {
            String answer = answers.get(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] bytes = (answer == null ? "{\"error_code\":40401}" : answer).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer == null ? 404 : 200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });

        SchemaFolderReport report = check(RegistryCheck.at(url()));

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.REGISTRY_INCOMPATIBLE);
            assertThat(p.message()).contains("refuses version 2 for subject 'orders'", "BACKWARD against version 1",
                    "field 'note'", "rule BACKWARD").doesNotContain("gave no reason");
        });
    }

    @Test
    void anUnknownSubjectCountsAsANewCompatibleSubject() {
        status = 404;
        response = "{\"error_code\":40401,\"message\":\"Subject 'orders' not found.\"}";

        SchemaFolderReport report = check(RegistryCheck.at(url()));

        assertThat(report.problems()).isEmpty();
        assertThat(report.subject("orders").orElseThrow().registry().orElseThrow().outcome())
                .isEqualTo(RegistryVerdict.Outcome.NEW_SUBJECT);
    }

    @Test
    void aNotFoundWithoutARegistryErrorCodeIsAWrongUrlNotANewSubject() {
        status = 404;
        response = "<html>Not Found</html>";

        assertThat(check(RegistryCheck.at(url())).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.REGISTRY_ERROR);
            assertThat(p.message()).contains("without a registry error code", "/apis/ccompat/v7");
        });
    }

    @Test
    void credentialsGoInTheBasicAuthHeaderAndNeverIntoTheReport() {
        status = 401;
        response = "{\"error_code\":401,\"message\":\"Unauthorized\"}";

        SchemaFolderReport report = check(RegistryCheck.at(url()).withUserInfo("alice:s3cret"));

        assertThat(requests).singleElement().extracting(Request::authorization)
                .isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.REGISTRY_ERROR);
            assertThat(p.message()).contains("refused the credentials (HTTP 401)", "SCHEMA_REGISTRY_USER_INFO");
        });
        assertThat(report.describe()).doesNotContain("s3cret").doesNotContain("alice");
        assertThat(RegistryCheck.at(url()).withUserInfo("alice:s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void aServerErrorFailsTheCheckWithTheStatusAndTheRegistrysMessage() {
        status = 500;
        response = "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}";

        assertThat(check(RegistryCheck.at(url())).problems()).singleElement().satisfies(p -> {
            assertThat(p.kind()).isEqualTo(SchemaProblem.Kind.REGISTRY_ERROR);
            assertThat(p.message()).contains("HTTP 500 (error_code 50001)", "Error in the backend data store");
        });
    }

    @Test
    void anInvalidSchemaFileIsNotSentToTheRegistry() throws IOException {
        write(root, "orders", "order_created.v3.avsc", "{\"type\":\"recrd\"}");

        SchemaFolderReport report = check(RegistryCheck.at(url()));

        assertThat(requests).isEmpty();
        assertThat(report.subject("orders").orElseThrow().registry().orElseThrow().outcome())
                .isEqualTo(RegistryVerdict.Outcome.NOT_CHECKED);
    }

    @Test
    void theCommandTakesTheCredentialsFromTheEnvironmentAndExitsOneOnARefusal() {
        response = "{\"is_compatible\":false,\"messages\":[\"field currency has no default\"]}";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int exit = new SchemaCheckCommand(Map.of(SchemaCheckCommand.USER_INFO_ENV, "ci-bot:t0ken")).run(
                new String[] {"--registry-url", url().toString(), "--registry-subject-suffix", "-value", root.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(SchemaCheckCommand.FAILED);
        assertThat(requests).singleElement().extracting(Request::authorization).isEqualTo("Basic Y2ktYm90OnQwa2Vu");
        String printed = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("orders registry REFUSES v2 for subject 'orders-value': field currency has no default")
                .doesNotContain("t0ken").doesNotContain("ci-bot");
    }
}
