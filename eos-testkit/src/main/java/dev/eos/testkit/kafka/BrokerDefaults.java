package dev.eos.testkit.kafka;

import java.util.Map;
import java.util.TreeMap;

/**
 * The broker configs an embedded cluster runs with unless a test overrides them: internal topics
 * sized to the cluster, and the waits that only make sense in production turned off or down.
 */
final class BrokerDefaults {

    private BrokerDefaults() {
    }

    /**
     * Replication factor for internal topics and for {@code createTopic(name, partitions)}: every
     * broker up to three.
     */
    static int replicationFactor(int brokers) {
        return Math.min(3, brokers);
    }

    /**
     * Min in-sync replicas for the transaction log: one broker may be down (2 of 3), or 1 when
     * there is no spare replica.
     */
    static int transactionLogMinIsr(int brokers) {
        return Math.max(1, Math.min(2, replicationFactor(brokers) - 1));
    }

    /** Defaults for a cluster of {@code brokers}, then {@code overrides} on top. */
    static Map<String, String> forCluster(int brokers, Map<String, String> overrides) {
        String replicationFactor = Integer.toString(replicationFactor(brokers));
        Map<String, String> config = new TreeMap<>();
        config.put("offsets.topic.replication.factor", replicationFactor);
        config.put("transaction.state.log.replication.factor", replicationFactor);
        config.put("transaction.state.log.min.isr", Integer.toString(transactionLogMinIsr(brokers)));
        // One partition each: the first transaction and the first group join load one
        // coordinator partition instead of 50, which saves about a second per cluster.
        config.put("offsets.topic.num.partitions", "1");
        config.put("transaction.state.log.num.partitions", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // A restarted broker cannot register again until the controller has expired its previous
        // session (DUPLICATE_BROKER_REGISTRATION, retried every heartbeat interval). The
        // production values (9 s session, 2 s heartbeat) make every restart take about 10 s;
        // these make it about 3 s. A JVM pause longer than 3 s fences a broker until its next
        // heartbeat, which clients ride out as retriable errors.
        config.put("broker.heartbeat.interval.ms", "500");
        config.put("broker.session.timeout.ms", "3000");
        // Kafka's test kit turns these on unless told otherwise; then clients would negotiate
        // API versions that no released broker offers, and a test could pass only here.
        config.put("unstable.api.versions.enable", "false");
        config.put("unstable.feature.versions.enable", "false");
        // A typo in a topic name should fail the test, not create the topic.
        config.put("auto.create.topics.enable", "false");
        config.putAll(overrides);
        return config;
    }
}
