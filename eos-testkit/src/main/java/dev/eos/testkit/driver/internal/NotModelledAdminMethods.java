package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.ElectionType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionReplica;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.metrics.KafkaMetric;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaFilter;

/**
 * The part of {@link org.apache.kafka.clients.admin.Admin} the in-memory cluster does not model:
 * every method throws {@link UnsupportedOperationException} naming itself, so a test that reaches
 * one learns at once which call the driver would need. {@link InMemoryAdmin} overrides the few
 * calls the runtime makes; keeping this list apart keeps that class readable.
 */
@SuppressWarnings("deprecation") // the Admin interface still declares some deprecated calls
abstract class NotModelledAdminMethods implements Admin {

    static UnsupportedOperationException notModelled(String method) {
        return new UnsupportedOperationException("not modelled by the in-memory cluster: " + method);
    }

    @Override
    public DescribeClusterResult describeCluster(DescribeClusterOptions options) {
        throw notModelled("describeCluster");
    }

    @Override
    public DescribeAclsResult describeAcls(AclBindingFilter aclBindingFilter, DescribeAclsOptions options) {
        throw notModelled("describeAcls");
    }

    @Override
    public CreateAclsResult createAcls(Collection<AclBinding> aclBindings, CreateAclsOptions options) {
        throw notModelled("createAcls");
    }

    @Override
    public DeleteAclsResult deleteAcls(Collection<AclBindingFilter> aclBindingFilters, DeleteAclsOptions options) {
        throw notModelled("deleteAcls");
    }

    @Override
    public AlterConfigsResult incrementalAlterConfigs(Map<ConfigResource, Collection<AlterConfigOp>> map, AlterConfigsOptions options) {
        throw notModelled("incrementalAlterConfigs");
    }

    @Override
    public AlterReplicaLogDirsResult alterReplicaLogDirs(Map<TopicPartitionReplica, String> map, AlterReplicaLogDirsOptions options) {
        throw notModelled("alterReplicaLogDirs");
    }

    @Override
    public DescribeLogDirsResult describeLogDirs(Collection<Integer> ids, DescribeLogDirsOptions options) {
        throw notModelled("describeLogDirs");
    }

    @Override
    public DescribeReplicaLogDirsResult describeReplicaLogDirs(Collection<TopicPartitionReplica> topicPartitionReplicas, DescribeReplicaLogDirsOptions options) {
        throw notModelled("describeReplicaLogDirs");
    }

    @Override
    public CreatePartitionsResult createPartitions(Map<String, NewPartitions> map, CreatePartitionsOptions options) {
        throw notModelled("createPartitions");
    }

    @Override
    public DeleteRecordsResult deleteRecords(Map<TopicPartition, RecordsToDelete> map, DeleteRecordsOptions options) {
        throw notModelled("deleteRecords");
    }

    @Override
    public CreateDelegationTokenResult createDelegationToken(CreateDelegationTokenOptions options) {
        throw notModelled("createDelegationToken");
    }

    @Override
    public RenewDelegationTokenResult renewDelegationToken(byte[] bytes, RenewDelegationTokenOptions options) {
        throw notModelled("renewDelegationToken");
    }

    @Override
    public ExpireDelegationTokenResult expireDelegationToken(byte[] bytes, ExpireDelegationTokenOptions options) {
        throw notModelled("expireDelegationToken");
    }

    @Override
    public DescribeDelegationTokenResult describeDelegationToken(DescribeDelegationTokenOptions options) {
        throw notModelled("describeDelegationToken");
    }

    @Override
    public DescribeConsumerGroupsResult describeConsumerGroups(Collection<String> names, DescribeConsumerGroupsOptions options) {
        throw notModelled("describeConsumerGroups");
    }

    @Override
    public ListConsumerGroupsResult listConsumerGroups(ListConsumerGroupsOptions options) {
        throw notModelled("listConsumerGroups");
    }

    @Override
    public ListConsumerGroupOffsetsResult listConsumerGroupOffsets(Map<String, ListConsumerGroupOffsetsSpec> map, ListConsumerGroupOffsetsOptions options) {
        throw notModelled("listConsumerGroupOffsets");
    }

    @Override
    public ListStreamsGroupOffsetsResult listStreamsGroupOffsets(Map<String, ListStreamsGroupOffsetsSpec> map, ListStreamsGroupOffsetsOptions options) {
        throw notModelled("listStreamsGroupOffsets");
    }

    @Override
    public DeleteConsumerGroupsResult deleteConsumerGroups(Collection<String> names, DeleteConsumerGroupsOptions options) {
        throw notModelled("deleteConsumerGroups");
    }

    @Override
    public DeleteStreamsGroupsResult deleteStreamsGroups(Collection<String> names, DeleteStreamsGroupsOptions options) {
        throw notModelled("deleteStreamsGroups");
    }

    @Override
    public DeleteConsumerGroupOffsetsResult deleteConsumerGroupOffsets(String name, Set<TopicPartition> topicPartitions, DeleteConsumerGroupOffsetsOptions options) {
        throw notModelled("deleteConsumerGroupOffsets");
    }

    @Override
    public DeleteStreamsGroupOffsetsResult deleteStreamsGroupOffsets(String name, Set<TopicPartition> topicPartitions, DeleteStreamsGroupOffsetsOptions options) {
        throw notModelled("deleteStreamsGroupOffsets");
    }

    @Override
    public ListGroupsResult listGroups(ListGroupsOptions options) {
        throw notModelled("listGroups");
    }

    @Override
    public ElectLeadersResult electLeaders(ElectionType electionType, Set<TopicPartition> topicPartitions, ElectLeadersOptions options) {
        throw notModelled("electLeaders");
    }

    @Override
    public AlterPartitionReassignmentsResult alterPartitionReassignments(Map<TopicPartition, Optional<NewPartitionReassignment>> map, AlterPartitionReassignmentsOptions options) {
        throw notModelled("alterPartitionReassignments");
    }

    @Override
    public ListPartitionReassignmentsResult listPartitionReassignments(Optional<Set<TopicPartition>> optional, ListPartitionReassignmentsOptions options) {
        throw notModelled("listPartitionReassignments");
    }

    @Override
    public RemoveMembersFromConsumerGroupResult removeMembersFromConsumerGroup(String name, RemoveMembersFromConsumerGroupOptions options) {
        throw notModelled("removeMembersFromConsumerGroup");
    }

    @Override
    public AlterConsumerGroupOffsetsResult alterConsumerGroupOffsets(String name, Map<TopicPartition, OffsetAndMetadata> map, AlterConsumerGroupOffsetsOptions options) {
        throw notModelled("alterConsumerGroupOffsets");
    }

    @Override
    public AlterStreamsGroupOffsetsResult alterStreamsGroupOffsets(String name, Map<TopicPartition, OffsetAndMetadata> map, AlterStreamsGroupOffsetsOptions options) {
        throw notModelled("alterStreamsGroupOffsets");
    }

    @Override
    public DescribeClientQuotasResult describeClientQuotas(ClientQuotaFilter clientQuotaFilter, DescribeClientQuotasOptions options) {
        throw notModelled("describeClientQuotas");
    }

    @Override
    public AlterClientQuotasResult alterClientQuotas(Collection<ClientQuotaAlteration> clientQuotaAlterations, AlterClientQuotasOptions options) {
        throw notModelled("alterClientQuotas");
    }

    @Override
    public DescribeUserScramCredentialsResult describeUserScramCredentials(List<String> names, DescribeUserScramCredentialsOptions options) {
        throw notModelled("describeUserScramCredentials");
    }

    @Override
    public AlterUserScramCredentialsResult alterUserScramCredentials(List<UserScramCredentialAlteration> userScramCredentialAlterations, AlterUserScramCredentialsOptions options) {
        throw notModelled("alterUserScramCredentials");
    }

    @Override
    public DescribeFeaturesResult describeFeatures(DescribeFeaturesOptions options) {
        throw notModelled("describeFeatures");
    }

    @Override
    public UpdateFeaturesResult updateFeatures(Map<String, FeatureUpdate> map, UpdateFeaturesOptions options) {
        throw notModelled("updateFeatures");
    }

    @Override
    public DescribeMetadataQuorumResult describeMetadataQuorum(DescribeMetadataQuorumOptions options) {
        throw notModelled("describeMetadataQuorum");
    }

    @Override
    public UnregisterBrokerResult unregisterBroker(int id, UnregisterBrokerOptions options) {
        throw notModelled("unregisterBroker");
    }

    @Override
    public DescribeProducersResult describeProducers(Collection<TopicPartition> topicPartitions, DescribeProducersOptions options) {
        throw notModelled("describeProducers");
    }

    @Override
    public DescribeTransactionsResult describeTransactions(Collection<String> names, DescribeTransactionsOptions options) {
        throw notModelled("describeTransactions");
    }

    @Override
    public AbortTransactionResult abortTransaction(AbortTransactionSpec abortTransactionSpec, AbortTransactionOptions options) {
        throw notModelled("abortTransaction");
    }

    @Override
    public ListTransactionsResult listTransactions(ListTransactionsOptions options) {
        throw notModelled("listTransactions");
    }

    @Override
    public FenceProducersResult fenceProducers(Collection<String> names, FenceProducersOptions options) {
        throw notModelled("fenceProducers");
    }

    @Override
    public ListConfigResourcesResult listConfigResources(Set<ConfigResource.Type> types, ListConfigResourcesOptions options) {
        throw notModelled("listConfigResources");
    }

    @Override
    public ListClientMetricsResourcesResult listClientMetricsResources(ListClientMetricsResourcesOptions options) {
        throw notModelled("listClientMetricsResources");
    }

    @Override
    public Uuid clientInstanceId(Duration duration) {
        throw notModelled("clientInstanceId");
    }

    @Override
    public AddRaftVoterResult addRaftVoter(int id, Uuid uuid, Set<RaftVoterEndpoint> raftVoterEndpoints, AddRaftVoterOptions options) {
        throw notModelled("addRaftVoter");
    }

    @Override
    public RemoveRaftVoterResult removeRaftVoter(int id, Uuid uuid, RemoveRaftVoterOptions options) {
        throw notModelled("removeRaftVoter");
    }

    @Override
    public DescribeShareGroupsResult describeShareGroups(Collection<String> names, DescribeShareGroupsOptions options) {
        throw notModelled("describeShareGroups");
    }

    @Override
    public AlterShareGroupOffsetsResult alterShareGroupOffsets(String name, Map<TopicPartition, Long> map, AlterShareGroupOffsetsOptions options) {
        throw notModelled("alterShareGroupOffsets");
    }

    @Override
    public ListShareGroupOffsetsResult listShareGroupOffsets(Map<String, ListShareGroupOffsetsSpec> map, ListShareGroupOffsetsOptions options) {
        throw notModelled("listShareGroupOffsets");
    }

    @Override
    public DeleteShareGroupOffsetsResult deleteShareGroupOffsets(String name, Set<String> names, DeleteShareGroupOffsetsOptions options) {
        throw notModelled("deleteShareGroupOffsets");
    }

    @Override
    public DeleteShareGroupsResult deleteShareGroups(Collection<String> names, DeleteShareGroupsOptions options) {
        throw notModelled("deleteShareGroups");
    }

    @Override
    public DescribeStreamsGroupsResult describeStreamsGroups(Collection<String> names, DescribeStreamsGroupsOptions options) {
        throw notModelled("describeStreamsGroups");
    }

    @Override
    public DescribeClassicGroupsResult describeClassicGroups(Collection<String> names, DescribeClassicGroupsOptions options) {
        throw notModelled("describeClassicGroups");
    }

    @Override
    public void registerMetricForSubscription(KafkaMetric kafkaMetric) {
        throw notModelled("registerMetricForSubscription");
    }

    @Override
    public void unregisterMetricFromSubscription(KafkaMetric kafkaMetric) {
        throw notModelled("unregisterMetricFromSubscription");
    }

    @Override
    public TerminateTransactionResult forceTerminateTransaction(String name, TerminateTransactionOptions options) {
        throw notModelled("forceTerminateTransaction");
    }
}
