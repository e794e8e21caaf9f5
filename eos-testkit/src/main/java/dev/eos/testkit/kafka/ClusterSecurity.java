package dev.eos.testkit.kafka;

import dev.eos.testkit.kafka.internal.ClusterBackend;
import dev.eos.testkit.kafka.internal.Poll;
import dev.eos.testkit.kafka.internal.SecuredBrokerConfig;
import dev.eos.testkit.kafka.internal.TestKeystores;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Users, ACLs and client settings of a cluster started with
 * {@link EmbeddedKafkaCluster#startSecured(SecurityOptions)}. The cluster's own operations
 * ({@code createTopic}, {@code admin()}, {@code clientConfig()}) run as the super user; the
 * users made here have no rights until {@link #grant(Collection) granted}.
 *
 * <pre>{@code
 * ClusterSecurity security = kafka.security();
 * security.addScramUser("orders-app", "orders-secret");
 * security.grant(List.of(new AclBinding(
 *         new ResourcePattern(ResourceType.TOPIC, "orders", PatternType.LITERAL),
 *         new AccessControlEntry(ClusterSecurity.principal("orders-app"), "*", AclOperation.READ,
 *                 AclPermissionType.ALLOW))));
 * Map<String, Object> config = security.clientConfig("orders-app", "orders-secret", SecurityProtocol.SASL_SSL);
 * }</pre>
 *
 * <p>Thread-safe. Each operation waits at most 30 seconds and then throws
 * {@link EmbeddedKafkaException}.
 */
public final class ClusterSecurity {
    /** SCRAM iterations of the users made here (Kafka's minimum; tests need no more). */
    private static final int SCRAM_ITERATIONS = 4096;
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterBackend backend;
    private final TestKeystores stores;
    private final Admin admin;

    ClusterSecurity(ClusterBackend backend, TestKeystores stores, Admin admin) {
        this.backend = backend;
        this.stores = stores;
        this.admin = admin;
    }

    /** {@code User:<user>}, the principal an ACL names for a SCRAM user. */
    public static String principal(String user) {
        return "User:" + Objects.requireNonNull(user, "user");
    }

    /**
     * Creates (or changes the password of) a SCRAM-SHA-256 user and returns once every running
     * broker accepts its login.
     */
    public void addScramUser(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        call("add SCRAM-SHA-256 user '" + user + "'", () -> {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                            new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, SCRAM_ITERATIONS), password)))
                    .all().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (String broker : brokers()) {
                Map<String, Object> config = clientConfig(user, password, SecurityProtocol.SASL_PLAINTEXT);
                config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker);
                Poll.until("broker " + broker + " accepts the login of user '" + user + "'", OPERATION_TIMEOUT,
                        () -> {
                            try (Admin asUser = Admin.create(config)) {
                                asUser.listTopics().names().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                                return true;
                            }
                        });
            }
            return null;
        });
    }

    /** {@link #grant(Collection)} of the given ACLs. */
    public void grant(AclBinding... acls) {
        grant(Arrays.asList(acls));
    }

    /** Creates the ACLs and returns once every running broker's authorizer lists them. */
    public void grant(Collection<AclBinding> acls) {
        List<AclBinding> bindings = List.copyOf(acls);
        call("grant ACLs " + bindings, () -> {
            admin.createAcls(bindings).all().get(OPERATION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            for (String broker : brokers()) {
                Map<String, Object> config = superUserConfig();
                config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, broker);
                try (Admin onBroker = Admin.create(config)) {
                    for (AclBinding acl : bindings) {
                        Poll.until("broker " + broker + " lists ACL " + acl, OPERATION_TIMEOUT,
                                () -> onBroker.describeAcls(acl.toFilter()).values()
                                        .get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains(acl));
                    }
                }
            }
            return null;
        });
    }

    /**
     * Client settings for {@code user} over {@code protocol}, SASL_SSL (with the cluster's trust
     * store) or SASL_PLAINTEXT, both with SCRAM-SHA-256: {@code bootstrap.servers},
     * {@code security.protocol}, {@code sasl.*} and for SASL_SSL {@code ssl.truststore.*}, in a
     * new mutable map.
     *
     * @throws IllegalArgumentException for another protocol
     */
    public Map<String, Object> clientConfig(String user, String password, SecurityProtocol protocol) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(protocol));
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol.name);
        config.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-256");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + user + "\" password=\"" + password + "\";");
        if (protocol == SecurityProtocol.SASL_SSL) {
            config.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, stores.truststore().toString());
            config.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PKCS12");
            config.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, stores.password());
        }
        return config;
    }

    /**
     * {@code host:port} of every running broker on the SASL_PLAINTEXT or SASL_SSL listener. The
     * SASL_SSL port of a restarted broker changes: ask again after a restart.
     *
     * @throws IllegalArgumentException for another protocol
     */
    public String bootstrapServers(SecurityProtocol protocol) {
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
            return backend.bootstrapServers();
        }
        if (protocol == SecurityProtocol.SASL_SSL) {
            return backend.bootstrapServers(SecuredBrokerConfig.SASL_SSL_LISTENER);
        }
        throw new IllegalArgumentException("A secured embedded cluster listens on SASL_PLAINTEXT and SASL_SSL, not "
                + protocol);
    }

    /** The settings of the super user, {@value SecuredBrokerConfig#SUPER_USER} (PLAIN over SASL_PLAINTEXT). */
    static Map<String, Object> superUserSettings() {
        Map<String, Object> config = new HashMap<>();
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, SecurityProtocol.SASL_PLAINTEXT.name);
        config.put(SaslConfigs.SASL_MECHANISM, "PLAIN");
        config.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.plain.PlainLoginModule required"
                + " username=\"" + SecuredBrokerConfig.SUPER_USER + "\" password=\""
                + SecuredBrokerConfig.SUPER_USER_PASSWORD + "\";");
        return config;
    }

    private Map<String, Object> superUserConfig() {
        Map<String, Object> config = superUserSettings();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backend.bootstrapServers());
        return config;
    }

    private List<String> brokers() {
        return List.of(backend.bootstrapServers(SecuredBrokerConfig.SASL_PLAINTEXT_LISTENER).split(","));
    }

    private static void call(String what, Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            throw new EmbeddedKafkaException("Could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedKafkaException("Could not " + what + " within " + OPERATION_TIMEOUT + ": "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedKafkaException("Interrupted while trying to " + what, e);
        }
    }

    @FunctionalInterface
    private interface Call {
        Object run() throws ExecutionException, InterruptedException, TimeoutException;
    }

    @Override
    public String toString() {
        return "ClusterSecurity[SASL_PLAINTEXT=" + backend.bootstrapServers() + "]";
    }
}
