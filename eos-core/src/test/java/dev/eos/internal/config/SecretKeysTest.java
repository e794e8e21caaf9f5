package dev.eos.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretKeysTest {

    @Test
    void isSecret_shouldCoverKafkasPasswordKeysWithAndWithoutClientPrefix() {
        for (String key : new String[] {"sasl.jaas.config", "ssl.keystore.password", "ssl.key.password",
                "ssl.truststore.password", "ssl.keystore.key", "ssl.keystore.certificate.chain",
                "ssl.truststore.certificates", "sasl.oauthbearer.client.credentials.client.secret",
                "sasl.oauthbearer.assertion.private.key.passphrase"}) {
            assertThat(SecretKeys.isSecret(key)).as(key).isTrue();
            assertThat(SecretKeys.isSecret("consumer." + key)).as("consumer." + key).isTrue();
            assertThat(SecretKeys.isSecret("producer." + key)).as("producer." + key).isTrue();
            assertThat(SecretKeys.isSecret("admin." + key)).as("admin." + key).isTrue();
            assertThat(SecretKeys.isSecret(key.toUpperCase(java.util.Locale.ROOT))).as("upper case " + key).isTrue();
        }
    }

    @Test
    void isSecret_shouldCoverPasswordLikeKeysKafkaDoesNotKnow() {
        assertThat(SecretKeys.isSecret("basic.auth.user.info")).isTrue();
        assertThat(SecretKeys.isSecret("consumer.schema.registry.basic.auth.user.info")).isTrue();
        assertThat(SecretKeys.isSecret("producer.schema.registry.ssl.keystore.password")).isTrue();
        assertThat(SecretKeys.isSecret("database.password")).isTrue();
        assertThat(SecretKeys.isSecret("oauth.client.secret")).isTrue();
    }

    @Test
    void isSecret_shouldLeaveOrdinarySettingsReadable() {
        for (String key : new String[] {"bootstrap.servers", "application.id", "security.protocol", "sasl.mechanism",
                "ssl.truststore.location", "ssl.keystore.type", "sasl.oauthbearer.client.credentials.client.id",
                "sasl.oauthbearer.token.endpoint.url", "consumer.max.poll.records", "producer.linger.ms"}) {
            assertThat(SecretKeys.isSecret(key)).as(key).isFalse();
        }
        assertThat(SecretKeys.isSecret(null)).isFalse();
    }

    @Test
    void describe_shouldHideSecretValuesOnlyAndKeepOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("num.threads", 2);
        m.put("ssl.key.password", "s3cret");
        m.put("unset.password", null);
        assertThat(SecretKeys.describe(m)).isEqualTo("{num.threads=2, ssl.key.password=[hidden], unset.password=null}");
    }

    @Test
    void secretHidingMap_shouldReturnRealValuesAndPrintHiddenOnes() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("linger.ms", 5);
        raw.put("ssl.key.password", "s3cret");
        Map<String, Object> m = SecretHidingMap.copyOf(raw);

        assertThat(m.get("ssl.key.password")).isEqualTo("s3cret");
        assertThat(m).isEqualTo(raw).hasSameHashCodeAs(raw);
        assertThat(new LinkedHashMap<>(m)).isEqualTo(raw);
        assertThat(m.toString()).isEqualTo("{linger.ms=5, ssl.key.password=[hidden]}");
        assertThat(m.entrySet().toString()).isEqualTo("[linger.ms=5, ssl.key.password=[hidden]]");
        assertThat(m.values().toString()).isEqualTo("[5, [hidden]]");
        assertThat(m.values()).containsExactly(5, "s3cret");
        raw.put("ssl.key.password", "changed");
        assertThat(m.get("ssl.key.password")).as("a copy").isEqualTo("s3cret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> m.put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
