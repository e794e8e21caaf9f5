package dev.eos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.errors.ConfigException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Secrets given to an {@link EosConfig} reach the clients unchanged but never appear where
 * people read: {@code toString()} of the config and of every map it hands out, and
 * {@link ConfigException} messages. (Start-up logs: {@code SecretsNeverLoggedIT} in eos-testkit.)
 */
class SecretsAreNeverPrintedTest {
    /** Every kind of secret key, each with a value no other setting contains. */
    static Map<String, Object> secrets() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                + "username=\"orders\" password=\"jaas-Pa55word-1\";");
        s.put("ssl.keystore.password", "keystore-Pa55word-2");
        s.put("ssl.key.password", "key-Pa55word-3");
        s.put("ssl.truststore.password", "truststore-Pa55word-4");
        s.put("consumer.ssl.keystore.password", "consumer-keystore-Pa55word-5");
        s.put("producer.ssl.key.password", "producer-key-Pa55word-6");
        s.put("admin.ssl.truststore.password", "admin-truststore-Pa55word-7");
        s.put("consumer.basic.auth.user.info", "registry-user:registry-Pa55word-8");
        s.put("sasl.oauthbearer.client.credentials.client.secret", "oauth-client-Secret-9");
        s.put("sasl.oauthbearer.assertion.private.key.passphrase", "assertion-Passphrase-10");
        s.put("ssl.keystore.key", "-----BEGIN PRIVATE KEY-----MIIEvPrivateKey11-----END PRIVATE KEY-----");
        return s;
    }

    private static EosConfig configWithSecrets() {
        return EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
                .set(EosConfig.NUM_THREADS, 2)
                .set("security.protocol", "SASL_SSL")
                .setAll(secrets())
                .build();
    }

    private static void assertNoSecretIn(String printed) {
        for (Object secret : secrets().values()) {
            assertThat(printed).as("printed text").doesNotContain(secret.toString());
        }
        assertThat(printed).doesNotContain("Pa55word").doesNotContain("Secret-9").doesNotContain("Passphrase-10")
                .doesNotContain("PrivateKey11");
    }

    @Test
    void toString_shouldHideEverySecretValueAndShowTheOtherSettings() {
        String printed = configWithSecrets().toString();

        assertNoSecretIn(printed);
        assertThat(printed).contains("application.id=orders", "num.threads=2", "security.protocol=SASL_SSL",
                "sasl.jaas.config=[hidden]", "producer.ssl.key.password=[hidden]",
                "consumer.basic.auth.user.info=[hidden]");
    }

    @Test
    void mapsOfTheConfig_shouldHandTheClientsTheRealSecretsButPrintThemHidden() {
        EosConfig c = configWithSecrets();

        assertThat(c.originals().get("ssl.key.password")).isEqualTo("key-Pa55word-3");
        assertThat(c.producerOverrides().get("ssl.key.password")).isEqualTo("producer-key-Pa55word-6");
        assertThat(c.consumerOverrides().get("basic.auth.user.info")).isEqualTo("registry-user:registry-Pa55word-8");
        assertThat(new LinkedHashMap<>(c.adminOverrides())).containsEntry("ssl.truststore.password",
                "admin-truststore-Pa55word-7");
        for (Map<String, Object> m : List.of(c.originals(), c.consumerOverrides(), c.producerOverrides(),
                c.adminOverrides())) {
            assertNoSecretIn(m.toString());
            assertNoSecretIn(m.entrySet().toString());
            assertNoSecretIn(m.values().toString());
            m.entrySet().forEach(e -> assertNoSecretIn(e.toString()));
        }
    }

    @Test
    void configException_shouldNeverQuoteTheValueOfASecretKey() {
        // Keys Eos refuses (no client prefix), holding secrets.
        for (String key : List.of("basic.auth.user.info", "schema.registry.password", "password",
                "registry.sasl.jaas.config", "oauth.client.secret")) {
            String secret = "refused-Pa55word-for-" + key;
            ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() ->
                    EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
                            .set(key, secret).build());
            assertThat(e).as("error for %s", key).isNotNull();
            assertThat(e.getMessage()).doesNotContain(secret).contains("=[hidden] is not an Eos config key");
            assertThat(e.value()).isEqualTo("[hidden]");
        }
        assertThat(new ConfigException("ssl.key.password", "key-Pa55word-3", "is wrong", "fix it").getMessage())
                .isEqualTo("ssl.key.password=[hidden] is wrong. Fix: fix it");
        assertThat(new ConfigException("num.threads", 0, "is too small", "set 1").getMessage())
                .startsWith("num.threads=0 ");
    }

    @Test
    void configException_shouldNotQuoteASecretThatAnotherCheckRefuses() {
        assertThatThrownBy(() -> EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
                .setAll(secrets()).set(EosConfig.NUM_THREADS, "two").build())
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertNoSecretIn(e.getMessage()));
    }
}
