package dev.eos.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.testkit.kafka.ClusterSecurity;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.junit.jupiter.api.Test;

/**
 * The Java examples of docs/how-to/security.md, compiled here; the client settings are built and
 * checked (no broker needed). The last test checks that every Java snippet of the page is still
 * found, line for line, in this file.
 */
class SecurityGuideExamplesTest {
    private final String password = "kafka-pw-1";
    private final String truststorePassword = "truststore-pw-2";
    private final String keystorePassword = "keystore-pw-3";
    private final String keyPassword = "key-pw-4";

    @Test
    void saslSslWithScramGoesToEveryClientAndHidesItsSecrets() {
        EosConfig config = EosConfig.builder()
                .applicationId("orders")
                .bootstrapServers("broker:9093")
                .set("security.protocol", "SASL_SSL")
                .set("sasl.mechanism", "SCRAM-SHA-512")   // or SCRAM-SHA-256, as the user was created
                .set("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                        + " username=\"orders-app\" password=\"" + password + "\";")
                .set("ssl.truststore.location", "/etc/kafka/truststore.p12")   // omit if the JVM trusts the broker's CA
                .set("ssl.truststore.type", "PKCS12")
                .set("ssl.truststore.password", truststorePassword)
                .build();

        for (var client : List.of(config.consumerOverrides(), config.producerOverrides(), config.adminOverrides())) {
            assertThat(client).containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                    .containsEntry("ssl.truststore.password", truststorePassword);
            assertThat(client.toString()).doesNotContain(password, truststorePassword);
        }
        assertThat(config.toString()).doesNotContain(password, truststorePassword).contains("[hidden]");
    }

    @Test
    void mutualTlsGoesToEveryClientAndHidesItsSecrets() {
        EosConfig config = EosConfig.builder()
                .applicationId("orders")
                .bootstrapServers("broker:9093")
                .set("security.protocol", "SSL")
                .set("ssl.keystore.location", "/etc/kafka/orders-app.p12")
                .set("ssl.keystore.type", "PKCS12")
                .set("ssl.keystore.password", keystorePassword)
                .set("ssl.key.password", keyPassword)
                .set("ssl.truststore.location", "/etc/kafka/truststore.p12")
                .set("ssl.truststore.type", "PKCS12")
                .set("ssl.truststore.password", truststorePassword)
                .build();

        for (var client : List.of(config.consumerOverrides(), config.producerOverrides(), config.adminOverrides())) {
            assertThat(client).containsEntry("security.protocol", "SSL")
                    .containsEntry("ssl.keystore.location", "/etc/kafka/orders-app.p12");
        }
        assertThat(config.toString()).doesNotContain(keystorePassword, keyPassword, truststorePassword);
    }

    /** The testing example; compiled only (it needs a secured cluster, as SecuredPipelineIT has). */
    @SuppressWarnings("unused")
    private static EosConfig securedTestConfig(EmbeddedKafkaCluster kafka) {
        kafka.createTopic("orders-in", 2);
        kafka.security().addScramUser("orders-app", "orders-secret");
        kafka.security().grant(new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, "orders-in", PatternType.LITERAL),
                new AccessControlEntry(ClusterSecurity.principal("orders-app"), "*", AclOperation.READ,
                        AclPermissionType.ALLOW)));
        // ... the other ACLs of the table above
        EosConfig config = EosConfig.builder()
                .applicationId("orders")
                .setAll(kafka.security().clientConfig("orders-app", "orders-secret", SecurityProtocol.SASL_SSL))
                .build();
        return config;
    }

    @Test
    void everyJavaSnippetOfTheSecurityGuideIsCompiledHere() throws IOException {
        String doc = Files.readString(Path.of("../docs/how-to/security.md"));
        List<String> source = trimmedLines(Files.readString(
                Path.of("src/test/java/dev/eos/testkit/docs/SecurityGuideExamplesTest.java")));
        Matcher snippets = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        int count = 0;
        while (snippets.find()) {
            count++;
            List<String> snippet = trimmedLines(snippets.group(1));
            assertThat(Collections.indexOfSubList(source, snippet))
                    .as("snippet %d of security.md is not in this file:%n%s", count, snippets.group(1))
                    .isGreaterThanOrEqualTo(0);
        }
        assertThat(count).as("Java snippets in security.md").isEqualTo(3);
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
