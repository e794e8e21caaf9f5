package dev.eos.errors;

import java.util.List;

/**
 * The Kafka cluster refused an operation of the app for lack of an ACL. Thrown by
 * {@code EosApp.start()} (describing topics and their configs, creating internal topics) and
 * reported as the app's fatal error when a processing thread is refused at run time (reading a
 * topic, writing one, joining the group, registering the transactional id). Not retried: an
 * authorization error does not heal by waiting. The message names the resource, the pattern
 * (literal or prefixed), the operation and the principal, each with a {@code kafka-acls.sh}
 * line that grants it; {@link #aclCommands()} gives those lines alone. The Kafka client's
 * exception is the cause.
 *
 * <pre>{@code
 * try {
 *     app.start();
 * } catch (MissingAclException e) {
 *     e.aclCommands().forEach(System.err::println);
 *     // kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add
 *     //     --allow-principal User:orders-app --operation Read --topic orders
 * }
 * }</pre>
 */
public class MissingAclException extends EosException {
    private final List<String> aclCommands;

    public MissingAclException(String message, List<String> aclCommands, Throwable cause) {
        super(message, cause);
        this.aclCommands = List.copyOf(aclCommands);
    }

    /** One {@code kafka-acls.sh --add ...} command per ACL to grant. */
    public List<String> aclCommands() {
        return aclCommands;
    }
}
