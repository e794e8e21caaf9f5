package dev.eos.it;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The child JVM of {@link SecretsNeverLoggedIT}: a stateful count whose config holds a
 * real-looking secret in every kind of secret key, logging at INFO (DEBUG for Eos) so that every
 * config dump Kafka's clients and Eos print at start-up and shut-down lands in the log. The
 * connection is PLAINTEXT, so the clients never use the secrets.
 *
 * <p>Usage: {@code SecretConfigMain <bootstrap> <in> <out> <stateDir>}; application id
 * {@code <in>-app}. Prints {@value ChildPipeline#READY} once RUNNING.
 */
public final class SecretConfigMain {
    private SecretConfigMain() {
    }

    /** Every kind of secret key, each with a value that appears nowhere else. */
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
        return s;
    }

    public static void main(String[] args) throws Exception {
        // Before anything creates a logger: slf4j-simple reads its levels once.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "info");
        System.setProperty("org.slf4j.simpleLogger.log.dev.eos", "debug");
        String bootstrap = args[0];
        String in = args[1];
        String out = args[2];
        String stateDir = args[3];
        Serde<String> strings = Serdes.String();
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(strings, strings))
                .groupByKey(Grouped.with(strings, strings))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(strings, Serdes.Long()));
        EosConfig config = EosConfig.builder()
                .applicationId(in + "-app")
                .bootstrapServers(bootstrap)
                .set(EosConfig.COMMIT_INTERVAL_MS, 100)
                .set(EosConfig.STATE_DIR, stateDir)
                .setAll(secrets())
                .build();
        ChildMain.run(EosApp.create(builder.build(), config));
    }
}
