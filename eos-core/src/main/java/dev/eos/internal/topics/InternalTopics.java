package dev.eos.internal.topics;

import dev.eos.EosConfig;
import dev.eos.internal.access.AccessErrors;
import dev.eos.errors.EosException;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.Subtopology;
import dev.eos.store.StoreSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, at start-up, the internal topics a resolved plan needs with the partition counts of
 * its {@link TopicLayout}: repartition topics ({@code <application.id>-<name>-repartition},
 * deleted by time never, purged by Eos up to the committed offsets) and changelogs
 * ({@code <application.id>-<store>-changelog}, compacted; window stores also delete by time).
 * Existing ones are checked instead.
 */
public final class InternalTopics {
    private static final Logger log = LoggerFactory.getLogger(InternalTopics.class);
    /** Window changelogs keep records this much longer than the store, as slack for restoration. */
    private static final long WINDOW_CHANGELOG_EXTRA_RETENTION_MS = Duration.ofDays(1).toMillis();

    private InternalTopics() {
    }

    /** Describes the topics, computes the layout, creates the missing internal topics; returns the layout. */
    public static TopicLayout ensure(Admin admin, LogicalPlan plan, EosConfig config) {
        String app = config.applicationId();
        Map<String, OptionalInt> counts = partitionCounts(admin, TopicLayout.topicsToDescribe(plan, app), config);
        TopicLayout layout = TopicLayout.compute(plan, app, t -> counts.getOrDefault(t, OptionalInt.empty()));
        for (String topic : layout.repartitionPartitions().keySet()) {
            if (topic.contains("-REPARTITION-")) {
                log.warn("Repartition topic {} has a generated name, which changes when operators are added upstream; "
                        + "records still in it would then never be read. Fix: name it with "
                        + "Grouped.withName(...) or Repartitioned.withName(...).", topic);
            }
        }
        for (Map.Entry<String, Integer> e : layout.repartitionPartitions().entrySet()) {
            if (counts.get(e.getKey()).isEmpty()) {
                Map<String, String> configs = new HashMap<>();
                configs.put("cleanup.policy", "delete");
                configs.put("retention.ms", "-1");
                create(admin, e.getKey(), e.getValue(), configs, config.repartitionReplicationFactor(), "repartition",
                        config);
            }
        }
        for (Subtopology s : plan.subtopologies()) {
            for (StoreSpec<?, ?> spec : plan.storesOf(s).values()) {
                String topic = spec.changelogTopic(app);
                if (counts.get(topic).isEmpty()) {
                    create(admin, topic, layout.changelogPartitions().get(topic), changelogConfigs(spec, config),
                            config.state().changelogReplicationFactor(), "changelog", config);
                }
            }
        }
        return layout;
    }

    private static Map<String, String> changelogConfigs(StoreSpec<?, ?> spec, EosConfig config) {
        Map<String, String> configs = new HashMap<>();
        if (spec.kind() == StoreSpec.Kind.WINDOW) {
            configs.put("cleanup.policy", "compact,delete");
            configs.put("retention.ms", Long.toString(spec.retention().orElseThrow().toMillis()
                    + WINDOW_CHANGELOG_EXTRA_RETENTION_MS));
        } else {
            configs.put("cleanup.policy", "compact");
        }
        if (config.state().changelogMinInsyncReplicas() > 0) {
            configs.put("min.insync.replicas", Integer.toString(config.state().changelogMinInsyncReplicas()));
        }
        return configs;
    }

    private static void create(Admin admin, String topic, int partitions, Map<String, String> configs,
                               int replicationFactor, String kind, EosConfig config) {
        Optional<Short> rf = replicationFactor > 0 ? Optional.of((short) replicationFactor) : Optional.empty();
        NewTopic newTopic = new NewTopic(topic, Optional.of(partitions), rf).configs(configs);
        try {
            admin.createTopics(List.of(newTopic)).all().get(60, TimeUnit.SECONDS);
            log.info("Created {} topic {} ({} partitions, {})", kind, topic, partitions, configs);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return; // another instance created it at the same moment
            }
            if (AccessErrors.isDenied(e.getCause())) {
                throw AccessErrors.createDenied(topic, kind, partitions + " partitions, " + configs, config,
                        e.getCause());
            }
            throw new EosException("Could not create " + kind + " topic " + topic + ": " + e.getCause()
                    + ". Fix: grant the app Create rights on topics prefixed with its application.id, or create "
                    + "the topic yourself (" + partitions + " partitions, " + configs + ").", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EosException("Interrupted while creating " + kind + " topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new EosException("Creating " + kind + " topic " + topic + " timed out after 60 s", e);
        }
    }

    /** How long start-up waits for the brokers to describe the pipeline's topics. */
    public static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * The partition count of each of {@code topics}, empty for a topic that does not exist;
     * topics are described by name, which needs only Describe rights on them.
     *
     * @throws EosException naming {@code bootstrap.servers} and the fix if the brokers cannot answer
     * @throws TopicAuthorizationException naming every topic the app may not describe
     */
    public static Map<String, OptionalInt> partitionCounts(Admin admin, Set<String> topics, EosConfig config) {
        Map<String, OptionalInt> out = new java.util.LinkedHashMap<>();
        if (topics.isEmpty()) {
            return out;
        }
        // The request itself times out: a result abandoned by get(timeout) would keep the admin
        // client's close() waiting for it up to default.api.timeout.ms (60 s).
        var described = admin.describeTopics(topics,
                new DescribeTopicsOptions().timeoutMs((int) DESCRIBE_TIMEOUT.toMillis())).topicNameValues();
        Set<String> denied = new LinkedHashSet<>();
        for (String topic : topics) {
            try {
                TopicDescription d = described.get(topic).get(DESCRIBE_TIMEOUT.toMillis() + 5_000,
                        TimeUnit.MILLISECONDS);
                out.put(topic, OptionalInt.of(d.partitions().size()));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    out.put(topic, OptionalInt.empty());
                } else if (e.getCause() instanceof TopicAuthorizationException) {
                    denied.add(topic); // a topic the app may not describe, existing or not
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
        if (!denied.isEmpty()) {
            throw new TopicAuthorizationException("Not authorized to describe topics " + denied, denied);
        }
        return out;
    }

    private static EosException unreachable(EosConfig config, Throwable cause) {
        return new EosException("Could not describe topics at bootstrap.servers=" + config.bootstrapServers()
                + " within " + DESCRIBE_TIMEOUT.toSeconds() + " s: " + cause + ". Fix: check that the brokers are reachable and that the admin "
                + "client's security settings (admin.* or security.*) are right.", cause);
    }
}
