package dev.eos.internal.plan;

import java.util.Optional;

/**
 * An internal topic through which records move to the partition of their (new) key. Its name is
 * {@code <application.id>-<name>-repartition}; in a plan not yet {@link LogicalPlan#resolve
 * resolved} for an application it starts with {@link LogicalPlan#APPLICATION_ID_PLACEHOLDER}.
 *
 * @param topic      the topic name
 * @param partitions the partition count asked for, or empty to derive it at start-up
 */
public record RepartitionTopic(String topic, Optional<Integer> partitions) {

    /** The (unresolved) topic name of repartition {@code name}. */
    public static String topicFor(String name) {
        return LogicalPlan.APPLICATION_ID_PLACEHOLDER + "-" + name + "-repartition";
    }

    RepartitionTopic resolve(String applicationId) {
        return new RepartitionTopic(LogicalPlan.resolveTopic(topic, applicationId), partitions);
    }
}
