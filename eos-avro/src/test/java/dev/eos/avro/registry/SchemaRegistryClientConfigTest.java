package dev.eos.avro.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientConfigTest {

    @Test
    void confluentKeysAreReadWithAndWithoutTheSchemaRegistryPrefix() {
        Map<String, Object> m = new HashMap<>();
        m.put("schema.registry.url", "https://a:8081, https://b:8081/apis/ccompat/v7/");
        m.put("schema.registry.basic.auth.user.info", new Password("svc:s3cret"));
        m.put("schema.registry.ssl.truststore.location", "/etc/trust.p12");
        m.put("schema.registry.ssl.truststore.password", "trustpw");
        m.put("schema.registry.ssl.truststore.type", "PKCS12");
        m.put("schema.registry.ssl.keystore.location", "/etc/keys.jks");
        m.put("schema.registry.ssl.keystore.password", "keystorepw");
        m.put("schema.registry.ssl.key.password", "keypw");
        m.put("http.read.timeout.ms", "1500");
        m.put("max.retries", 5);
        m.put("retries.wait.ms", "100");
        m.put("retries.max.wait.ms", "800");
        m.put("latest.cache.ttl.sec", "-1");
        SchemaRegistryClientConfig c = SchemaRegistryClientConfig.fromMap(m);
        assertThat(c.urls()).extracting(Object::toString).containsExactly("https://a:8081", "https://b:8081/apis/ccompat/v7");
        assertThat(c.basicAuthCredentialsSource()).isEqualTo(BasicAuthCredentialsSource.USER_INFO);
        assertThat(c.basicAuthUserInfo()).contains("svc:s3cret");
        assertThat(c.truststore().orElseThrow().location()).isEqualTo(Path.of("/etc/trust.p12"));
        assertThat(c.truststore().orElseThrow().type()).isEqualTo("PKCS12");
        assertThat(c.keystore().orElseThrow().type()).isEqualTo("JKS");
        assertThat(c.keyPassword()).contains("keypw");
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.retryBackoffMax()).isEqualTo(Duration.ofMillis(800));
        assertThat(c.latestCacheTtl()).isNegative();
        assertThat(c.toString()).doesNotContain("s3cret", "trustpw", "keystorepw", "keypw", "svc");
    }

    @Test
    void aMissingUrlSaysWhichKeyToSet() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url is not set");
    }

    @Test
    void userInfoSourceWithoutUserInfoIsRefusedWithoutShowingSecrets() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://r:1",
                "basic.auth.credentials.source", "USER_INFO")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://r:1",
                "basic.auth.user.info", "s3cretwithoutcolon")))
                .isInstanceOf(ConfigException.class).hasMessageNotContaining("s3cret");
    }

    @Test
    void urlSourceWithoutCredentialsInTheUrlIsRefused() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://r:1",
                "basic.auth.credentials.source", "URL")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https://user:password@host:port");
    }

    @Test
    void saslInheritIsRefusedByName() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://r:1",
                "basic.auth.credentials.source", "SASL_INHERIT")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("SASL_INHERIT");
    }

    @Test
    void aNonHttpUrlIsRefusedWithoutItsCredentials() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.builder().urls("ftp://svc:s3cret@r:1").build())
                .isInstanceOf(ConfigException.class).hasMessageContaining("ftp://***@r:1").hasMessageNotContaining("s3cret");
    }

    @Test
    void badNumbersNameTheKey() {
        assertThatThrownBy(() -> SchemaRegistryClientConfig.fromMap(Map.of("schema.registry.url", "http://r:1",
                "max.retries", "many"))).hasMessageContaining("max.retries=many");
        assertThatThrownBy(() -> SchemaRegistryClientConfig.builder().urls("http://r:1").maxRetries(-1).build())
                .hasMessageContaining("max.retries=-1");
    }
}
