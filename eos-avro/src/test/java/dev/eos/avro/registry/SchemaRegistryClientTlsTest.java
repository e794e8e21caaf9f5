package dev.eos.avro.registry;

import static dev.eos.avro.stub.TestSchemas.ORDER_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.avro.stub.RegistryStub;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over HTTPS, with a server certificate made by the JDK's keytool for localhost. */
class SchemaRegistryClientTlsTest {
    private static final String PASSWORD = "changeit";
    @TempDir
    static Path dir;
    private static RegistryStub stub;

    @BeforeAll
    static void startHttpsRegistry() throws Exception {
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", dir.resolve("server.p12").toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        keytool("-exportcert", "-alias", "registry", "-keystore", dir.resolve("server.p12").toString(),
                "-storepass", PASSWORD, "-file", dir.resolve("server.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", dir.resolve("server.crt").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        stub = RegistryStub.startTls(context);
    }

    @AfterAll
    static void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    private static void keytool(String... args) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
        assertThat(p.exitValue()).as("keytool %s: %s", args[0], output).isZero();
    }

    @Test
    void aTruststoreWithTheRegistrysCertificateConnects() {
        assertThat(stub.url()).startsWith("https://localhost:");
        try (SchemaRegistryClient client = SchemaRegistryClient.create(SchemaRegistryClientConfig.fromMap(Map.of(
                "schema.registry.url", stub.url(),
                "schema.registry.ssl.truststore.location", dir.resolve("trust.p12").toString(),
                "schema.registry.ssl.truststore.password", PASSWORD,
                "schema.registry.ssl.truststore.type", "PKCS12")))) {
            int id = client.register("orders-value", ORDER_V1);
            assertThat(client.schemaById(id)).isEqualTo(ORDER_V1);
        }
    }

    @Test
    void anUntrustedCertificateIsRetriableNamingTheTruststoreKey() {
        // a registry or load balancer restarting also fails handshakes: inside Eos the app waits
        try (SchemaRegistryClient client = SchemaRegistryClient.create(SchemaRegistryClientConfig.builder()
                .urls(stub.url()).maxRetries(0).build())) {
            assertThatThrownBy(client::subjects)
                    .isInstanceOf(SchemaRegistryUnavailableException.class)
                    .hasMessageContaining("TLS handshake").hasMessageContaining("schema.registry.ssl.truststore.location");
        }
    }

    @Test
    void aWrongTruststorePasswordIsAConfigErrorWithoutThePassword() {
        assertThatThrownBy(() -> SchemaRegistryClient.create(SchemaRegistryClientConfig.builder().urls(stub.url())
                .truststore(dir.resolve("trust.p12"), "wrong-secret", "PKCS12").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.ssl.truststore.location").hasMessageNotContaining("wrong-secret");
    }
}
