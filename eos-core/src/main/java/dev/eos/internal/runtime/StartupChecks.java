package dev.eos.internal.runtime;

import dev.eos.internal.topics.InternalTopics;
import dev.eos.EosConfig;
import dev.eos.errors.ConfigException;
import dev.eos.errors.DeserializationErrorHandling;
import dev.eos.errors.MissingTopicException;
import dev.eos.errors.ProcessingErrorHandling;
import dev.eos.internal.plan.LogicalPlan;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.Admin;

/**
 * Checks, before any thread starts, that every topic the pipeline reads or writes by name exists
 * (Eos never auto-creates them), and that the dead-letter topic exists when a handler uses it.
 * Topics are described by name, which needs only Describe rights on them (not on the cluster).
 * Also the checks of config against plan that need no broker
 * ({@link #refuseDeadLettersWithOffsetOwningSinks}), which the test driver runs too.
 */
public final class StartupChecks {
    private StartupChecks() {
    }

    /**
     * Refuses a {@code dead_letter} error handler in an app whose plan has an external sink that
     * keeps its source offsets in the external system. That sink commits the offsets in its own
     * transaction before Kafka's; if the Kafka commit then fails, the new owner of the partition
     * starts from the sink's offsets, so a dead-letter record written in the aborted Kafka
     * transaction is never written again: lost.
     *
     * @throws ConfigException naming the handler key, its value, the sink and the fix
     */
    public static void refuseDeadLettersWithOffsetOwningSinks(LogicalPlan plan, EosConfig config) {
        List<String> sinks = plan.offsetOwningSinks();
        if (sinks.isEmpty()) {
            return;
        }
        String key;
        String alternatives;
        if (config.deserializationErrorHandling() == DeserializationErrorHandling.DEAD_LETTER) {
            key = EosConfig.DESERIALIZATION_ERROR_HANDLER;
            alternatives = "fail or log_and_continue";
        } else if (config.processingErrorHandling() == ProcessingErrorHandling.DEAD_LETTER) {
            key = EosConfig.PROCESSING_ERROR_HANDLER;
            alternatives = "fail or skip";
        } else {
            return;
        }
        throw new ConfigException(key, "dead_letter",
                "cannot be used with the external sink " + sinks + ", which keeps its source offsets in the "
                        + "external system: after the sink's commit and a failed Kafka commit, the partition "
                        + "restarts from the sink's offsets and a dead-letter record of the aborted Kafka "
                        + "transaction would be lost",
                "set " + key + " to " + alternatives + " (a skipped record is logged and counted); or make "
                        + "that sink an idempotent upsert (JdbcSink.upsert), whose offsets stay in Kafka; or "
                        + "dead-letter in a separate pipeline that writes the good records to a topic this sink "
                        + "reads");
    }

    /**
     * Describes every source, output and (when a handler uses it) dead-letter topic in one
     * request, and reports all that are missing in one error.
     *
     * @throws MissingTopicException naming every missing topic by kind
     */
    public static void verifyTopicsExist(Admin admin, LogicalPlan plan, EosConfig config) {
        Map<String, Set<String>> byKind = new LinkedHashMap<>();
        byKind.put("Source", plan.sourceTopics());
        byKind.put("Output", plan.sinkTopics());
        if (config.usesDeadLetterTopic()) {
            byKind.put("Dead-letter (" + EosConfig.DEAD_LETTER_TOPIC + ")", Set.of(config.deadLetterTopic()));
        }
        Set<String> all = new LinkedHashSet<>();
        byKind.values().forEach(all::addAll);
        Map<String, OptionalInt> counts = InternalTopics.partitionCounts(admin, all, config);
        Map<String, Set<String>> missing = new LinkedHashMap<>();
        byKind.forEach((kind, topics) -> {
            Set<String> absent = new TreeSet<>();
            for (String topic : topics) {
                if (counts.get(topic).isEmpty()) {
                    absent.add(topic);
                }
            }
            if (!absent.isEmpty()) {
                missing.put(kind, absent);
            }
        });
        if (!missing.isEmpty()) {
            throw new MissingTopicException(missing);
        }
    }
}
