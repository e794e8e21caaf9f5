package dev.eos.internal.access;

import dev.eos.EosConfig;
import dev.eos.ProcessingGuarantee;
import dev.eos.errors.EosException;
import dev.eos.errors.MissingAclException;
import dev.eos.internal.access.RequiredAcl.Resource;
import dev.eos.internal.plan.LogicalPlan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * Turns the Kafka clients' authentication and authorization errors into errors that say what to
 * fix: for a refused operation, the ACL to grant (resource, literal or prefixed pattern,
 * operation, principal, and a {@code kafka-acls.sh} line); for a refused login, which settings
 * to check, never their secret values. Whether an error is retried is still decided by the
 * runtime's one error classifier alone (these are fatal there); this class only words them.
 *
 * <p>Which ACL a refused topic needs follows from its part in the pipeline: a source topic needs
 * {@code Read}, an output or dead-letter topic {@code Write} (both imply {@code Describe}), an
 * internal topic (changelog, repartition: named {@code <application.id>-...}) {@code Read} and
 * {@code Write} on the prefix {@code <application.id>-}. The group is {@code application.id}
 * ({@code Read}); transactional ids start with {@code <application.id>-} ({@code Write}).
 *
 * <pre>{@code
 * } catch (RuntimeException e) {
 *     throw AccessErrors.explain(e, plan, config);   // e itself unless access was refused
 * }
 * }</pre>
 */
public final class AccessErrors {
    private static final Pattern USERNAME = Pattern.compile("username\\s*=\\s*\"?([^\"\\s;]+)\"?");

    private AccessErrors() {
    }

    /** Whether {@code error} or one of its causes is an authorization error. */
    public static boolean isDenied(Throwable error) {
        return find(error, AuthorizationException.class) != null;
    }

    /** {@link #explain(Throwable, LogicalPlan, EosConfig)} for a runtime exception. */
    public static RuntimeException explain(RuntimeException error, LogicalPlan plan, EosConfig config) {
        Throwable explained = explain((Throwable) error, plan, config);
        return explained instanceof RuntimeException r ? r : error;
    }

    /**
     * An error that names the ACL to grant or the login settings to check, with {@code error} as
     * its cause, if {@code error} or a cause of it is an authorization or authentication error
     * not explained yet; otherwise {@code error} itself.
     */
    public static Throwable explain(Throwable error, LogicalPlan plan, EosConfig config) {
        if (find(error, MissingAclException.class) != null) {
            return error;
        }
        AuthorizationException denied = find(error, AuthorizationException.class);
        if (denied != null) {
            return missingAcls(config, aclsFor(denied, plan, config), denied, error);
        }
        AuthenticationException refused = find(error, AuthenticationException.class);
        if (refused != null) {
            return loginRefused(config, refused, error);
        }
        return error;
    }

    /** The app could not read the configs of {@code topics} (Eos checks their replication settings). */
    public static MissingAclException describeConfigsDenied(Collection<String> topics, LogicalPlan plan,
                                                           EosConfig config, Throwable cause) {
        String prefix = internalPrefix(config);
        List<RequiredAcl> acls = new ArrayList<>();
        boolean internal = false;
        for (String topic : topics) {
            if (isInternal(topic, plan, config)) {
                internal = true;
            } else {
                acls.add(new RequiredAcl(Resource.TOPIC, topic, false, List.of("DescribeConfigs")));
            }
        }
        if (internal) {
            acls.add(new RequiredAcl(Resource.TOPIC, prefix, true, List.of("DescribeConfigs")));
        }
        return missingAcls(config, acls, cause, cause);
    }

    /**
     * The app could not create its internal topic {@code topic}.
     *
     * @param layout how to create it by hand instead ({@code "4 partitions, {cleanup.policy=compact}"})
     */
    public static MissingAclException createDenied(String topic, String kind, String layout, EosConfig config,
                                                   Throwable cause) {
        RequiredAcl acl = new RequiredAcl(Resource.TOPIC, internalPrefix(config), true, List.of("Create"));
        MissingAclException explained = missingAcls(config, List.of(acl), cause, cause);
        return new MissingAclException("Could not create " + kind + " topic " + topic + ". "
                + explained.getMessage() + " Or create the topic yourself (" + layout + ") before starting the app.",
                explained.aclCommands(), cause);
    }

    private static List<RequiredAcl> aclsFor(AuthorizationException denied, LogicalPlan plan, EosConfig config) {
        String app = config.applicationId();
        if (denied instanceof TopicAuthorizationException topics) {
            return topicAcls(topics.unauthorizedTopics(), plan, config);
        }
        if (denied instanceof GroupAuthorizationException group) {
            String id = group.groupId() == null ? app : group.groupId();
            return List.of(new RequiredAcl(Resource.GROUP, id, false, List.of("Read")));
        }
        if (denied instanceof TransactionalIdAuthorizationException) {
            return List.of(new RequiredAcl(Resource.TRANSACTIONAL_ID, internalPrefix(config), true, List.of("Write")));
        }
        if (denied instanceof ClusterAuthorizationException
                && config.processingGuarantee() == ProcessingGuarantee.AT_LEAST_ONCE) {
            // The idempotent producer's InitProducerId; Write on any topic also allows it (Kafka 3.0+).
            return List.of(new RequiredAcl(Resource.CLUSTER, "kafka-cluster", false, List.of("IdempotentWrite")));
        }
        return List.of();
    }

    private static List<RequiredAcl> topicAcls(Set<String> refused, LogicalPlan plan, EosConfig config) {
        Set<String> topics = refused.isEmpty() ? allTopics(plan, config) : refused;
        String prefix = internalPrefix(config);
        List<RequiredAcl> acls = new ArrayList<>();
        boolean internal = false;
        for (String topic : topics) {
            if (plan.sourceTopics().contains(topic)) {
                acls.add(new RequiredAcl(Resource.TOPIC, topic, false, List.of("Read")));
            } else if (plan.sinkTopics().contains(topic)
                    || (config.usesDeadLetterTopic() && config.deadLetterTopic().equals(topic))) {
                acls.add(new RequiredAcl(Resource.TOPIC, topic, false, List.of("Write")));
            } else if (isInternal(topic, plan, config)) {
                internal = true;
            } else {
                // A topic chosen per record (TopicNameExtractor) is written.
                acls.add(new RequiredAcl(Resource.TOPIC, topic, false, List.of("Write")));
            }
        }
        if (internal) {
            acls.add(new RequiredAcl(Resource.TOPIC, prefix, true, List.of("Read", "Write")));
        }
        return acls;
    }

    private static Set<String> allTopics(LogicalPlan plan, EosConfig config) {
        Set<String> topics = new LinkedHashSet<>(plan.sourceTopics());
        topics.addAll(plan.sinkTopics());
        if (config.usesDeadLetterTopic()) {
            topics.add(config.deadLetterTopic());
        }
        if (!plan.repartitionTopics().isEmpty() || !plan.stores().isEmpty()) {
            topics.add(internalPrefix(config));
        }
        return topics;
    }

    private static MissingAclException missingAcls(EosConfig config, List<RequiredAcl> acls, Throwable denied,
                                                   Throwable cause) {
        String principal = principal(config);
        StringBuilder message = new StringBuilder("Eos app '").append(config.applicationId())
                .append("' is not authorized by the Kafka cluster at bootstrap.servers=")
                .append(config.bootstrapServers()).append(": ").append(denied.getClass().getSimpleName())
                .append(": ").append(withoutFinalPeriod(denied.getMessage())).append('.');
        List<String> commands = new ArrayList<>();
        if (acls.isEmpty()) {
            message.append(" Fix: grant ").append(principal).append(" the operation the cause names;"
                    + " the ACLs an Eos app needs are listed in the security how-to (docs/how-to/security.md).");
        } else {
            message.append(" Fix: grant ");
            for (int i = 0; i < acls.size(); i++) {
                RequiredAcl acl = acls.get(i);
                String command = acl.command(principal, config.bootstrapServers());
                commands.add(command);
                message.append(i == 0 ? "" : "; and ").append(acl.describe(principal)).append(" (").append(command)
                        .append(')');
            }
            message.append('.');
        }
        return new MissingAclException(message.toString(), commands, cause);
    }

    private static EosException loginRefused(EosConfig config, AuthenticationException refused, Throwable cause) {
        Map<String, Object> settings = config.consumerOverrides();
        String user = username(config);
        String what = refused instanceof SslAuthenticationException
                ? "the TLS handshake failed. Fix: check ssl.truststore.location and ssl.truststore.password (the"
                        + " broker's certificate must be trusted and name the host in bootstrap.servers), and for"
                        + " mutual TLS ssl.keystore.location and ssl.keystore.password"
                : "the login was refused. Fix: check the user name and password in sasl.jaas.config (its value is"
                        + " never printed), that the user exists for sasl.mechanism="
                        + Objects.toString(settings.get("sasl.mechanism"), "GSSAPI (the default)")
                        + " (kafka-configs.sh --describe --entity-type users" + (user == null ? "" : " --entity-name "
                        + user) + "), and that security.protocol and sasl.mechanism match the broker's listener";
        return new EosException("Eos app '" + config.applicationId() + "' could not authenticate to the Kafka cluster"
                + " at bootstrap.servers=" + config.bootstrapServers()
                + (user == null ? "" : " as user '" + user + "'")
                + " (security.protocol=" + Objects.toString(settings.get("security.protocol"), "PLAINTEXT") + "): " + refused.getClass().getSimpleName()
                + ": " + withoutFinalPeriod(refused.getMessage()) + "; " + what + ".", cause);
    }

    private static String withoutFinalPeriod(String message) {
        return message != null && message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    private static String principal(EosConfig config) {
        String user = username(config);
        return user == null ? "User:<the app's principal>" : "User:" + user;
    }

    /** The SASL user name in {@code sasl.jaas.config} (not a secret), or null. */
    private static String username(EosConfig config) {
        for (Map<String, Object> settings : List.of(config.consumerOverrides(), config.producerOverrides(),
                config.adminOverrides())) {
            Object jaas = settings.get("sasl.jaas.config");
            String text = jaas instanceof Password p ? p.value() : jaas == null ? null : jaas.toString();
            if (text != null) {
                Matcher m = USERNAME.matcher(text);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** A changelog or repartition topic: named {@code <application.id>-...}, neither read nor written by the user. */
    private static boolean isInternal(String topic, LogicalPlan plan, EosConfig config) {
        return topic.startsWith(internalPrefix(config)) && !plan.sourceTopics().contains(topic)
                && !plan.sinkTopics().contains(topic) && !config.deadLetterTopic().equals(topic);
    }

    private static String internalPrefix(EosConfig config) {
        return config.applicationId() + "-";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
