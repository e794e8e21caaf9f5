package dev.eos.internal.config;

import dev.eos.EosConfig;
import dev.eos.errors.ConfigException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.RangeAssignor;

/**
 * The group protocol and assignor of the processing consumers, chosen so that the group keeps
 * partition {@code n} of every topic the app reads on one member: a stateful task (a join, or a
 * count over several topics) reads partition {@code n} of each of its topics and writes changelog
 * partition {@code n}, so two members must never split those partitions between them.
 *
 * <ul>
 *   <li>Classic protocol ({@code consumer.group.protocol} unset or {@code classic}): the
 *       client-side {@link RangeAssignor} (eager) gives every member the same range of partition
 *       numbers of every topic when all members subscribe to the same topics with equal partition
 *       counts, which Eos ensures. Eos sets {@code partition.assignment.strategy} to it; any other
 *       strategy (CooperativeSticky, RoundRobin, Sticky, a custom one) is refused.</li>
 *   <li>KIP-848 consumer protocol ({@code consumer.group.protocol=consumer}): the broker assigns.
 *       Its {@code range} assignor co-partitions under the same conditions; its default
 *       {@code uniform} assignor does not. Eos sets {@code group.remote.assignor=range} and refuses
 *       any other value. Kafka refuses {@code partition.assignment.strategy},
 *       {@code session.timeout.ms} and {@code heartbeat.interval.ms} under this protocol (the
 *       broker's {@code group.consumer.*} settings replace the last two), so Eos refuses them at
 *       build with the fix instead of failing when a thread starts. Assignment is incremental:
 *       partitions arrive and leave a few at a time.</li>
 * </ul>
 * Either way the assignor only targets co-partitioning; the runtime still runs a stateful task
 * only while its thread owns all of its partitions.
 *
 * <pre>{@code
 * CoPartitionedAssignment a = CoPartitionedAssignment.check(Map.of("group.protocol", "consumer"));
 * a.consumerSettings();   // {group.protocol=consumer, group.remote.assignor=range}
 * }</pre>
 *
 * @param consumerProtocol whether the consumers use the KIP-848 consumer protocol (else classic)
 */
public record CoPartitionedAssignment(boolean consumerProtocol) {
    /** The only client-side assignor Eos runs under the classic protocol. */
    public static final String CLASSIC_ASSIGNOR = RangeAssignor.class.getName();
    /** The only broker-side assignor Eos runs under the consumer protocol. */
    public static final String REMOTE_ASSIGNOR = "range";

    /** Consumer settings that only mean something for a consumer in a group. */
    public static final Set<String> GROUP_SETTINGS = Set.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG,
            ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);

    private static final String PROTOCOL_KEY = EosConfig.CONSUMER_PREFIX + ConsumerConfig.GROUP_PROTOCOL_CONFIG;
    private static final String STRATEGY_KEY = EosConfig.CONSUMER_PREFIX
            + ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG;
    private static final String REMOTE_ASSIGNOR_KEY = EosConfig.CONSUMER_PREFIX
            + ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG;
    private static final List<String> SET_BY_THE_BROKER_UNDER_CONSUMER_PROTOCOL = List.of(
            ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);

    /**
     * Reads the group protocol from the consumer settings (prefix removed) and refuses the
     * settings that would break co-partitioning or that Kafka refuses under that protocol.
     *
     * @throws ConfigException naming the {@code consumer.}-prefixed key, its value and the fix
     */
    public static CoPartitionedAssignment check(Map<String, ?> consumerSettings) {
        boolean consumerProtocol = consumerProtocol(consumerSettings.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
        Object strategy = consumerSettings.get(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG);
        Object remote = consumerSettings.get(ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG);
        if (consumerProtocol) {
            if (strategy != null) {
                throw new ConfigException(STRATEGY_KEY, strategy, "cannot be set with " + PROTOCOL_KEY
                        + "=consumer: the broker assigns partitions under that protocol (Kafka refuses this key)",
                        "remove it; Eos sets " + REMOTE_ASSIGNOR_KEY + "=" + REMOTE_ASSIGNOR
                                + ", which keeps partition n of every input topic on one member");
            }
            if (remote != null && !REMOTE_ASSIGNOR.equals(remote.toString().trim())) {
                throw new ConfigException(REMOTE_ASSIGNOR_KEY, remote,
                        "would let two members own the same partition number of different input topics, "
                                + "which a stateful task needs together",
                        "remove it (Eos sets " + REMOTE_ASSIGNOR + ", the broker's co-partitioning assignor) "
                                + "or set it to " + REMOTE_ASSIGNOR);
            }
            for (String key : SET_BY_THE_BROKER_UNDER_CONSUMER_PROTOCOL) {
                if (consumerSettings.containsKey(key)) {
                    throw new ConfigException(EosConfig.CONSUMER_PREFIX + key, consumerSettings.get(key),
                            "cannot be set with " + PROTOCOL_KEY + "=consumer (Kafka refuses it: the broker "
                                    + "decides it for the group)",
                            "remove it, and set group.consumer." + key + " on the brokers instead");
                }
            }
        } else {
            if (strategy != null && !onlyRangeAssignor(strategy)) {
                throw new ConfigException(STRATEGY_KEY, strategy,
                        "would let two instances own the same partition number of different input topics, "
                                + "which a stateful task needs together",
                        "remove it; Eos uses " + CLASSIC_ASSIGNOR + " (eager), or set " + PROTOCOL_KEY
                                + "=consumer for incremental rebalances");
            }
            if (remote != null) {
                throw new ConfigException(REMOTE_ASSIGNOR_KEY, remote,
                        "only applies with " + PROTOCOL_KEY + "=consumer (Kafka refuses it under the classic protocol)",
                        "remove it, or set " + PROTOCOL_KEY + "=consumer");
            }
        }
        return new CoPartitionedAssignment(consumerProtocol);
    }

    /** What Eos sets on every processing consumer, over the user's settings. */
    public Map<String, Object> consumerSettings() {
        return consumerProtocol
                ? Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer",
                        ConsumerConfig.GROUP_REMOTE_ASSIGNOR_CONFIG, REMOTE_ASSIGNOR)
                : Map.of(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic",
                        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CLASSIC_ASSIGNOR);
    }

    private static boolean consumerProtocol(Object raw) {
        if (raw == null) {
            return false;
        }
        String v = raw.toString().trim().toLowerCase(Locale.ROOT);
        if (v.equals("classic")) {
            return false;
        }
        if (v.equals("consumer")) {
            return true;
        }
        throw new ConfigException(PROTOCOL_KEY, raw, "is not a group protocol",
                "use classic (the default, eager range assignment) or consumer (KIP-848, incremental)");
    }

    /** Whether a {@code partition.assignment.strategy} value (list, class or names) is RangeAssignor alone. */
    private static boolean onlyRangeAssignor(Object strategy) {
        List<String> names = new ArrayList<>();
        if (strategy instanceof Collection<?> items) {
            items.forEach(item -> names.add(className(item)));
        } else if (strategy instanceof Class<?> c) {
            names.add(c.getName());
        } else {
            for (String part : strategy.toString().split(",")) {
                if (!part.isBlank()) {
                    names.add(part.trim());
                }
            }
        }
        return names.size() == 1 && names.get(0).equals(CLASSIC_ASSIGNOR);
    }

    private static String className(Object item) {
        return item instanceof Class<?> c ? c.getName() : String.valueOf(item).trim();
    }
}
