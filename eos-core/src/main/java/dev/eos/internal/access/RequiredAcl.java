package dev.eos.internal.access;

import java.util.List;

/**
 * One ACL an app needs: operations on a resource, by literal name or by prefix. Renders itself
 * in words and as a {@code kafka-acls.sh} command.
 *
 * <pre>{@code
 * new RequiredAcl(RequiredAcl.Resource.GROUP, "orders", false, List.of("Read"))
 *         .command("User:orders", "broker:9093");
 * // kafka-acls.sh --bootstrap-server broker:9093 --command-config admin.properties --add
 * //     --allow-principal User:orders --operation Read --group orders
 * }</pre>
 *
 * @param resource the resource type
 * @param name the resource name or prefix; ignored for the cluster
 * @param prefixed whether {@code name} is a prefix (pattern type PREFIXED)
 * @param operations operation names as {@code kafka-acls.sh} spells them ({@code Read}, {@code Write}, ...)
 */
public record RequiredAcl(Resource resource, String name, boolean prefixed, List<String> operations) {

    /** Resource types an Eos app needs ACLs on, with their {@code kafka-acls.sh} option. */
    public enum Resource {
        TOPIC("Topic", "--topic"),
        GROUP("Group", "--group"),
        TRANSACTIONAL_ID("TransactionalId", "--transactional-id"),
        CLUSTER("Cluster", "--cluster");

        private final String display;
        private final String option;

        Resource(String display, String option) {
            this.display = display;
            this.option = option;
        }
    }

    public RequiredAcl {
        operations = List.copyOf(operations);
    }

    /** {@code "Read, Write on Topic prefix 'orders-' for User:orders"}. */
    public String describe(String principal) {
        String on = resource == Resource.CLUSTER ? "the Cluster"
                : resource.display + (prefixed ? " prefix '" : " '") + name + "'";
        return String.join(", ", operations) + " on " + on + " for " + principal;
    }

    /** The {@code kafka-acls.sh} command that grants it. */
    public String command(String principal, String bootstrapServers) {
        StringBuilder sb = new StringBuilder("kafka-acls.sh --bootstrap-server ").append(bootstrapServers)
                .append(" --command-config admin.properties --add --allow-principal ").append(principal);
        operations.forEach(op -> sb.append(" --operation ").append(op));
        sb.append(' ').append(resource.option);
        if (resource != Resource.CLUSTER) {
            sb.append(' ').append(name);
        }
        if (prefixed) {
            sb.append(" --resource-pattern-type prefixed");
        }
        return sb.toString();
    }
}
