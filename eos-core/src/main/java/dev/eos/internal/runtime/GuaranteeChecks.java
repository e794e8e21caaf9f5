package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.internal.access.AccessErrors;
import dev.eos.internal.plan.LogicalPlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Finds topic settings that would silently weaken exactly-once for the topics Eos writes: a
 * committed record can still be lost if its only replica dies, if {@code min.insync.replicas=1}
 * lets {@code acks=all} succeed on one replica, or if unclean leader election lets an out-of-sync
 * replica become leader. Eos cannot fix these, so it reports them at start-up; a cluster of one
 * broker (development) is expected to have the first two.
 */
public final class GuaranteeChecks {
    private static final int METADATA_ATTEMPTS = 20;
    private static final long METADATA_BACKOFF_MS = 250;
    private GuaranteeChecks() {
    }

    /** One line per weakness found, naming the topic, the setting, its value and the fix. */
    public static List<String> weaknesses(Admin admin, LogicalPlan plan, EosConfig config) {
        // topic -> what it is, for the messages; the internal kinds win over "Output topic"
        Map<String, String> topics = new LinkedHashMap<>();
        // A changelog is the only copy of a store's committed state once its disk is gone.
        plan.stores().values().forEach(spec -> topics.put(spec.changelogTopic(config.applicationId()),
                "Changelog topic of store '" + spec.name() + "'"));
        // So is a repartition topic for the records between two sub-topologies.
        plan.repartitionTopics().forEach(r -> topics.put(r.topic(), "Repartition topic"));
        if (config.usesDeadLetterTopic()) {
            topics.putIfAbsent(config.deadLetterTopic(), "Dead-letter topic");
        }
        plan.sinkTopics().forEach(t -> topics.putIfAbsent(t, "Output topic"));
        List<String> found = new ArrayList<>();
        if (topics.isEmpty()) {
            return found;
        }
        // A topic created a moment ago (an internal topic) may not be known to every broker yet.
        for (int attempt = 1; ; attempt++) {
            try {
                return check(admin, topics, plan, config);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == METADATA_ATTEMPTS) {
                    found.add("Could not check the replication settings of the topics Eos writes " + topics.keySet()
                        + ": " + e);
                    return found;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                found.add("Could not check the replication settings of the topics Eos writes " + topics.keySet()
                        + ": " + e);
                return found;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
            try {
                Thread.sleep(METADATA_BACKOFF_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return found;
            }
        }
    }

    private static List<String> check(Admin admin, Map<String, String> kinds, LogicalPlan plan, EosConfig config)
            throws ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        List<String> found = new ArrayList<>();
        Set<String> topics = kinds.keySet();
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
        List<ConfigResource> resources = topics.stream()
                .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).collect(Collectors.toList());
        Map<ConfigResource, Config> configs = describeConfigs(admin, resources, plan, config);
        for (String topic : topics) {
            int replicas = descriptions.get(topic).partitions().get(0).replicas().size();
            if (replicas < 2) {
                found.add(kinds.get(topic) + " '" + topic + "' has replication factor " + replicas
                        + ": losing its broker loses committed output. Fix: recreate it with replication factor 3");
            }
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic));
            String minIsr = value(c, "min.insync.replicas");
            if (replicas >= 2 && "1".equals(minIsr)) {
                found.add(kinds.get(topic) + " '" + topic + "' has min.insync.replicas=1: acks=all then succeeds on a "
                        + "single replica, and losing it loses committed output. Fix: set min.insync.replicas=2");
            }
            if ("true".equals(value(c, "unclean.leader.election.enable"))) {
                found.add(kinds.get(topic) + " '" + topic + "' has unclean.leader.election.enable=true: an out-of-sync "
                        + "replica may become leader and drop committed output. Fix: set it to false");
            }
        }
        return found;
    }

    /**
     * The topics' configs; a topic the app may not read the configs of fails the start-up, naming
     * the ACL (these checks guard the guarantee, so they are not skipped silently).
     */
    private static Map<ConfigResource, Config> describeConfigs(Admin admin, List<ConfigResource> resources,
                                                               LogicalPlan plan, EosConfig config)
            throws ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        Map<ConfigResource, Config> configs = new LinkedHashMap<>();
        List<String> denied = new ArrayList<>();
        ExecutionException firstDenial = null;
        for (Map.Entry<ConfigResource, KafkaFuture<Config>> e : admin.describeConfigs(resources).values().entrySet()) {
            try {
                configs.put(e.getKey(), e.getValue().get(30, TimeUnit.SECONDS));
            } catch (ExecutionException failure) {
                if (!AccessErrors.isDenied(failure.getCause())) {
                    throw failure;
                }
                denied.add(e.getKey().name());
                firstDenial = firstDenial == null ? failure : firstDenial;
            }
        }
        if (!denied.isEmpty()) {
            throw AccessErrors.describeConfigsDenied(denied, plan, config, firstDenial.getCause());
        }
        return configs;
    }

    private static String value(Config config, String name) {
        if (config == null) {
            return null;
        }
        ConfigEntry entry = config.get(name);
        return entry == null ? null : entry.value();
    }
}
