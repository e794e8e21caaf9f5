package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.errors.EosException;
import dev.eos.errors.MissingTopicException;
import dev.eos.internal.plan.LogicalPlan;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;

/**
 * Checks, before any thread starts, that every topic the pipeline reads or writes by name exists
 * (Eos never auto-creates them), and that the dead-letter topic exists when a handler uses it.
 */
public final class StartupChecks {
    private StartupChecks() {
    }

    public static void verifyTopicsExist(Admin admin, LogicalPlan plan, EosConfig config) {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new EosException("Could not list topics at bootstrap.servers=" + config.bootstrapServers()
                    + " within 30 s: " + e + ". Fix: check that the brokers are reachable and that "
                    + "the admin client's security settings (admin.* or security.*) are right.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EosException("Interrupted while listing topics", e);
        }
        require(existing, plan.sourceTopics(), "Source");
        require(existing, plan.sinkTopics(), "Output");
        if (config.usesDeadLetterTopic()) {
            require(existing, Set.of(config.deadLetterTopic()), "Dead-letter (" + EosConfig.DEAD_LETTER_TOPIC + ")");
        }
    }

    private static void require(Set<String> existing, Set<String> needed, String role) {
        Set<String> missing = new LinkedHashSet<>(needed);
        missing.removeAll(existing);
        if (!missing.isEmpty()) {
            throw new MissingTopicException(missing, role);
        }
    }
}
