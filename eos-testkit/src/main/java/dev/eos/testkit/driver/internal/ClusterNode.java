package dev.eos.testkit.driver.internal;

import org.apache.kafka.common.Node;

/**
 * The one broker the in-memory clients report as leader and only replica of every partition: the
 * model has no brokers, but metadata types need a node.
 */
final class ClusterNode {
    static final Node NODE = new Node(0, "in-memory-kafka", 9092);

    private ClusterNode() {
    }
}
