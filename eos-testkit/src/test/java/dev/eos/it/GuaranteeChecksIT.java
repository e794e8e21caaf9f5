package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.GuaranteeChecks;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Start-up reports output-topic settings that would silently weaken exactly-once. */
class GuaranteeChecksIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.withBrokers(3);

    private List<String> weaknessesOfWritingTo(String output, Map<String, String> topicConfig, int replicas) {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("guarantee-in");
        kafka.createTopic(in, 1);
        kafka.createTopic(output, 1, replicas, topicConfig);
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .to(output, Produced.with(Serdes.String(), Serdes.String()));
        EosConfig config = EosConfig.builder().applicationId("guarantee").bootstrapServers(kafka.bootstrapServers()).build();
        try (Admin admin = kafka.admin()) {
            return GuaranteeChecks.weaknesses(admin, (LogicalPlan) builder.build(), config);
        }
    }

    @Test
    void shouldReportNothingForReplicatedOutputWithMinInsyncReplicasTwo() {
        String out = KAFKA.uniqueTopic("safe-out");
        assertThat(weaknessesOfWritingTo(out, Map.of("min.insync.replicas", "2"), 3)).isEmpty();
    }

    @Test
    void shouldReportReplicationFactorOne() {
        String out = KAFKA.uniqueTopic("single-replica-out");
        assertThat(weaknessesOfWritingTo(out, Map.of(), 1))
                .singleElement().asString().startsWith("Output topic '" + out + "' has replication factor 1");
    }

    @Test
    void shouldReportMinInsyncReplicasOneAndUncleanLeaderElection() {
        String out = KAFKA.uniqueTopic("weak-out");
        assertThat(weaknessesOfWritingTo(out, Map.of("min.insync.replicas", "1",
                "unclean.leader.election.enable", "true"), 3))
                .anySatisfy(w -> assertThat(w).contains("min.insync.replicas=1"))
                .anySatisfy(w -> assertThat(w).contains("unclean.leader.election.enable=true"))
                .hasSize(2);
    }

    @Test
    void shouldReportAChangelogCreatedWithReplicationFactorOne_namingItAChangelogNotAnOutput() {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("counted-in");
        String out = KAFKA.uniqueTopic("counted-out");
        kafka.createTopic(in, 1);
        kafka.createTopic(out, 1, 3, Map.of("min.insync.replicas", "2"));
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(dev.eos.dsl.Grouped.with(Serdes.String(), Serdes.String()))
                .count(dev.eos.dsl.Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(Serdes.String(), Serdes.Long()));
        String applicationId = in + "-app";
        LogicalPlan plan = ((LogicalPlan) builder.build()).resolve(applicationId);
        EosConfig config = EosConfig.builder().applicationId(applicationId)
                .bootstrapServers(kafka.bootstrapServers())
                .set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 1)
                .build();
        try (Admin admin = kafka.admin()) {
            dev.eos.internal.topics.InternalTopics.ensure(admin, plan, config);
            assertThat(GuaranteeChecks.weaknesses(admin, plan, config))
                    .singleElement().asString()
                    .startsWith("Changelog topic of store 'counts' '" + applicationId
                            + "-counts-changelog' has replication factor 1");
        }
    }
}
