package dev.eos.internal.runtime;

import dev.eos.internal.topics.InternalTopics;
import dev.eos.EosConfig;
import dev.eos.errors.MissingTopicException;
import dev.eos.internal.plan.LogicalPlan;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;

/**
 * Checks, before any thread starts, that every topic the pipeline reads or writes by name exists
 * (Eos never auto-creates them), and that the dead-letter topic exists when a handler uses it.
 * Topics are described by name, which needs only Describe rights on them (not on the cluster).
 */
public final class StartupChecks {
    private StartupChecks() {
    }

    public static void verifyTopicsExist(Admin admin, LogicalPlan plan, EosConfig config) {
        require(admin, plan.sourceTopics(), "Source", config);
        require(admin, plan.sinkTopics(), "Output", config);
        if (config.usesDeadLetterTopic()) {
            require(admin, Set.of(config.deadLetterTopic()), "Dead-letter (" + EosConfig.DEAD_LETTER_TOPIC + ")", config);
        }
    }

    private static void require(Admin admin, Set<String> topics, String role, EosConfig config) {
        Set<String> missing = new LinkedHashSet<>();
        InternalTopics.partitionCounts(admin, topics, config).forEach((topic, count) -> {
            if (count.isEmpty()) {
                missing.add(topic);
            }
        });
        if (!missing.isEmpty()) {
            throw new MissingTopicException(missing, role);
        }
    }
}
