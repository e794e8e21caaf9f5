package dev.eos.testkit.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerDefaultsTest {

    @Test
    void shouldSizeInternalTopicsForASingleBroker() {
        assertThat(BrokerDefaults.forCluster(1, Map.of()))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.num.partitions", "1")
                .containsEntry("transaction.state.log.num.partitions", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "false");
    }

    @Test
    void shouldOfferClientsOnlyReleasedApiVersions() {
        assertThat(BrokerDefaults.forCluster(1, Map.of()))
                .containsEntry("unstable.api.versions.enable", "false")
                .containsEntry("unstable.feature.versions.enable", "false");
    }

    @Test
    void shouldExpireAStoppedBrokersSessionQuicklySoItCanRegisterAgain() {
        assertThat(BrokerDefaults.forCluster(3, Map.of()))
                .containsEntry("broker.heartbeat.interval.ms", "500")
                .containsEntry("broker.session.timeout.ms", "3000");
    }

    @Test
    void shouldTolerateOneBrokerDownForTransactionsOnThreeBrokers() {
        assertThat(BrokerDefaults.forCluster(3, Map.of()))
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void shouldCapReplicationAtThreeAndKeepMinIsrBelowIt() {
        assertThat(BrokerDefaults.replicationFactor(2)).isEqualTo(2);
        assertThat(BrokerDefaults.transactionLogMinIsr(2)).isEqualTo(1);
        assertThat(BrokerDefaults.replicationFactor(5)).isEqualTo(3);
        assertThat(BrokerDefaults.transactionLogMinIsr(5)).isEqualTo(2);
    }

    @Test
    void shouldLetOverridesReplaceDefaults() {
        Map<String, String> overrides = Map.of("offsets.topic.num.partitions", "4", "log.segment.bytes", "1048576");

        assertThat(BrokerDefaults.forCluster(1, overrides))
                .containsEntry("offsets.topic.num.partitions", "4")
                .containsEntry("log.segment.bytes", "1048576");
    }
}
