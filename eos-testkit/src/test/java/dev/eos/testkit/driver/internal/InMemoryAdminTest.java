package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryAdminTest {
    private InMemoryKafka kafka;
    private Admin admin;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("out", 3);
        admin = new InMemoryAdmin(kafka);
    }

    @Test
    void shouldDescribeATopicWithItsPartitionsEachOnOneReplica() throws Exception {
        TopicDescription out = admin.describeTopics(List.of("out")).allTopicNames().get().get("out");

        assertThat(out.name()).isEqualTo("out");
        assertThat(out.partitions()).hasSize(3);
        assertThat(out.partitions().get(0).replicas()).hasSize(1);
        assertThat(out.partitions().get(0).leader()).isNotNull();
    }

    @Test
    void shouldFailOnlyTheUnknownTopicsFutureWhenDescribing() throws Exception {
        DescribeTopicsResult result = admin.describeTopics(List.of("out", "missing"));

        assertThat(result.topicNameValues().get("out").get().partitions()).hasSize(3);
        assertThatThrownBy(() -> result.topicNameValues().get("missing").get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(() -> result.allTopicNames().get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldCreateNewTopicsAndFailOnlyTheOneThatExists() throws Exception {
        CreateTopicsResult result = admin.createTopics(List.of(new NewTopic("a", 2, (short) 3), new NewTopic("out", 1, (short) 1)));

        result.values().get("a").get();
        assertThat(result.numPartitions("a").get()).isEqualTo(2);
        assertThatThrownBy(() -> result.values().get("out").get())
                .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicExistsException.class);
        assertThat(kafka.partitionCount("a")).isEqualTo(2);
        assertThat(kafka.partitionCount("out")).isEqualTo(3);
    }

    @Test
    void shouldNotCreateTopicsWhenOnlyValidating() throws Exception {
        admin.createTopics(List.of(new NewTopic("a", 2, (short) 1)), new CreateTopicsOptions().validateOnly(true)).all().get();

        assertThat(kafka.topics()).containsExactly("out");
    }

    @Test
    void shouldReportMinInsyncReplicasOfOneForAnExistingTopic() throws Exception {
        ConfigResource out = new ConfigResource(ConfigResource.Type.TOPIC, "out");
        Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(out)).all().get();

        assertThat(configs.get(out).get("min.insync.replicas").value()).isEqualTo("1");
        ConfigResource missing = new ConfigResource(ConfigResource.Type.TOPIC, "missing");
        assertThatThrownBy(() -> admin.describeConfigs(List.of(missing)).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRefuseListTopicsBecauseKafkaClientsCannotBuildItsResult() {
        assertThatThrownBy(admin::listTopics).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("listTopics").hasMessageContaining("describeTopics");
    }

    @Test
    void shouldNameTheMethodWhenAnUnmodelledCallIsMade() {
        assertThatThrownBy(() -> admin.describeCluster())
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessage("not modelled by the in-memory cluster: describeCluster");
    }

    @Test
    void shouldListEarliestAndLatestOffsetsWithTheLatestPerIsolationLevel() throws Exception {
        TopicPartition out0 = new TopicPartition("out", 0);
        for (int i = 0; i < 3; i++) {
            kafka.append(out0, null, new byte[] {1}, List.of(), 0L);
        }
        ProducerSession open = kafka.initTransactions("tx");
        kafka.beginTransaction(open);
        kafka.send(open, out0, null, new byte[] {2}, List.of(), 0L);
        kafka.deleteRecordsBefore(out0, 1);

        assertThat(offset(out0, OffsetSpec.earliest(), new ListOffsetsOptions())).isEqualTo(1);
        assertThat(offset(out0, OffsetSpec.latest(), new ListOffsetsOptions()))
                .as("READ_UNCOMMITTED by default: the high watermark").isEqualTo(4);
        assertThat(offset(out0, OffsetSpec.latest(), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)))
                .as("the last stable offset").isEqualTo(3);
        assertThatThrownBy(() -> admin.listOffsets(Map.of(out0, OffsetSpec.forTimestamp(0))).all().get())
                .hasCauseInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void shouldGiveATopicCreatedAgainANewTopicId() throws Exception {
        Uuid first = admin.describeTopics(List.of("out")).allTopicNames().get().get("out").topicId();

        admin.deleteTopics(List.of("out")).all().get();
        assertThat(kafka.topics()).doesNotContain("out");
        admin.createTopics(List.of(new NewTopic("out", 3, (short) 1))).all().get();
        Uuid second = admin.describeTopics(List.of("out")).allTopicNames().get().get("out").topicId();

        assertThat(first).isNotEqualTo(Uuid.ZERO_UUID);
        assertThat(second).isNotEqualTo(first);
        assertThat(admin.describeTopics(TopicCollection.ofTopicIds(List.of(second))).allTopicIds().get())
                .containsKey(second);
        assertThatThrownBy(() -> admin.deleteTopics(List.of("missing")).all().get())
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
    }

    private long offset(TopicPartition tp, OffsetSpec spec, ListOffsetsOptions options) throws Exception {
        return admin.listOffsets(Map.of(tp, spec), options).partitionResult(tp).get().offset();
    }

    @Test
    void shouldRefuseCallsAfterClose() {
        admin.close();

        assertThatThrownBy(() -> admin.describeTopics(List.of("out"))).isInstanceOf(IllegalStateException.class);
    }
}
