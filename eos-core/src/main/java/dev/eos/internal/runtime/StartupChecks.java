package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.errors.EosException;
import dev.eos.errors.MissingTopicException;
import dev.eos.internal.plan.LogicalPlan;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

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
        if (topics.isEmpty()) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        Map<String, KafkaFuture<TopicDescription>> described = admin.describeTopics(topics).topicNameValues();
        for (String topic : topics) {
            try {
                described.get(topic).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else {
                    throw unreachable(config, e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw unreachable(config, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EosException("Interrupted while describing topics", e);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingTopicException(missing, role);
        }
    }

    private static EosException unreachable(EosConfig config, Throwable cause) {
        return new EosException("Could not describe topics at bootstrap.servers=" + config.bootstrapServers()
                + " within 30 s: " + cause + ". Fix: check that the brokers are reachable and that the admin "
                + "client's security settings (admin.* or security.*) are right.", cause);
    }
}
