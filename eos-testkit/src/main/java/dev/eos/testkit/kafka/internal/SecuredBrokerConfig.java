package dev.eos.testkit.kafka.internal;

import java.util.Map;
import java.util.TreeMap;

/**
 * The broker configs of a secured embedded cluster, beside what Kafka's test kit sets itself for
 * SASL_PLAINTEXT (a JAAS file with the PLAIN users {@value #SUPER_USER} and
 * {@code plain-user1}):
 * <ul>
 *   <li>listener {@value #SASL_PLAINTEXT_LISTENER} (SASL_PLAINTEXT, PLAIN and SCRAM-SHA-256): the
 *       inter-broker listener and the one the cluster's own admin uses as {@value #SUPER_USER};</li>
 *   <li>listener {@value #SASL_SSL_LISTENER} (SASL_SSL, SCRAM-SHA-256 only) with the key store of
 *       {@link TestKeystores};</li>
 *   <li>listener {@code CONTROLLER} (SASL_PLAINTEXT, PLAIN), on node 0 only;</li>
 *   <li>{@code StandardAuthorizer}, {@code allow.everyone.if.no.acl.found=false}, super user
 *       {@value #SUPER_USER}.</li>
 * </ul>
 */
public final class SecuredBrokerConfig {
    /** The PLAIN super user Kafka's test kit writes into its JAAS file. */
    public static final String SUPER_USER = "plain-admin";
    /** Its password, as written by Kafka's test kit (a test fixture, not a secret). */
    public static final String SUPER_USER_PASSWORD = "plain-admin-secret";
    /** The test kit's name of the broker listener. */
    public static final String SASL_PLAINTEXT_LISTENER = "EXTERNAL";
    public static final String SASL_SSL_LISTENER = "SECURE";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final String SCRAM_LOGIN = "org.apache.kafka.common.security.scram.ScramLoginModule required;";

    private SecuredBrokerConfig() {
    }

    /** Configs for every node; {@code overrides} go on top. */
    public static Map<String, String> forEveryNode(TestKeystores stores, Map<String, String> overrides) {
        Map<String, String> c = new TreeMap<>();
        c.put("listener.security.protocol.map", SASL_PLAINTEXT_LISTENER + ":SASL_PLAINTEXT,"
                + CONTROLLER_LISTENER + ":SASL_PLAINTEXT," + SASL_SSL_LISTENER + ":SASL_SSL");
        c.put("inter.broker.listener.name", SASL_PLAINTEXT_LISTENER);
        c.put("controller.listener.names", CONTROLLER_LISTENER);
        c.put("sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-256");
        c.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        c.put("sasl.mechanism.controller.protocol", "PLAIN");
        c.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        c.put("listener.name.external.scram-sha-256.sasl.jaas.config", SCRAM_LOGIN);
        c.put("listener.name.secure.sasl.enabled.mechanisms", "SCRAM-SHA-256");
        c.put("listener.name.secure.scram-sha-256.sasl.jaas.config", SCRAM_LOGIN);
        c.put("listener.name.secure.ssl.keystore.location", stores.keystore().toString());
        c.put("listener.name.secure.ssl.keystore.type", "PKCS12");
        c.put("listener.name.secure.ssl.keystore.password", stores.password());
        c.put("listener.name.secure.ssl.key.password", stores.password());
        c.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        c.put("allow.everyone.if.no.acl.found", "false");
        c.put("super.users", "User:" + SUPER_USER);
        c.putAll(overrides);
        return c;
    }

    /** {@code listeners} of node {@code id}: node 0 also runs the controller. */
    public static Map<String, String> forNode(int id) {
        String listeners = SASL_PLAINTEXT_LISTENER + "://localhost:0,"
                + (id == 0 ? CONTROLLER_LISTENER + "://localhost:0," : "")
                + SASL_SSL_LISTENER + "://localhost:0";
        return Map.of("listeners", listeners);
    }
}
