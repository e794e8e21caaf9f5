package dev.eos.testkit.driver.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.CreateTopicsResult.TopicMetadataAndConfig;
import org.apache.kafka.clients.admin.DeleteTopicsOptions;
import org.apache.kafka.clients.admin.DeleteTopicsResult;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsResult;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicCollection;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * An {@link org.apache.kafka.clients.admin.Admin} over an {@link InMemoryKafka}, for the calls
 * the runtime makes: create, describe and delete topics, describe their configs, delete records,
 * list offsets. Every result it returns is already complete. Everything else throws
 * {@link UnsupportedOperationException} naming the method ({@link NotModelledAdminMethods}).
 *
 * <p>What a test should know:
 * <ul>
 *   <li>Replication is not modelled: every partition has one replica on one fake node, whatever
 *       replication factor {@code createTopics} was asked for, and topic configs read
 *       {@code min.insync.replicas=1}, {@code unclean.leader.election.enable=false}. Configs
 *       given to {@code createTopics} are not kept.</li>
 *   <li>Topic ids are the model's: deterministic, and new each time a topic is created, so a
 *       topic deleted and created again has another id.</li>
 *   <li>{@code listOffsets} answers {@link OffsetSpec#earliest()} (the log start offset) and
 *       {@link OffsetSpec#latest()}: the high watermark for READ_UNCOMMITTED (the default), the
 *       last stable offset for READ_COMMITTED. Other specs fail their future with
 *       {@link UnsupportedOperationException}.</li>
 *   <li>{@code listTopics} cannot be offered: kafka-clients 4.3.1 gives
 *       {@link ListTopicsResult} only a package-private constructor, so no class outside
 *       Kafka can build one without reflection. Ask {@code describeTopics} by name instead: an
 *       unknown topic fails its future with {@link UnknownTopicOrPartitionException}.
 *       {@code listConsumerGroupOffsets} is missing for the same reason.</li>
 * </ul>
 *
 * <pre>{@code
 * Admin admin = new InMemoryAdmin(kafka);
 * admin.createTopics(List.of(new NewTopic("out", 3, (short) 1))).all().get();
 * int partitions = admin.describeTopics(List.of("out")).allTopicNames().get().get("out").partitions().size();
 * }</pre>
 */
public final class InMemoryAdmin extends NotModelledAdminMethods {
    private static final int DEFAULT_PARTITIONS = 1;

    private final InMemoryKafka kafka;
    private boolean closed;

    public InMemoryAdmin(InMemoryKafka kafka) {
        this.kafka = kafka;
    }

    /**
     * Creates each topic unless {@code validateOnly}; a topic that exists fails its own future
     * with {@link org.apache.kafka.common.errors.TopicExistsException}, the others are created.
     * Without a partition count the topic gets 1 partition (the broker default); with a replica
     * assignment, one partition per entry.
     */
    @Override
    public CreateTopicsResult createTopics(Collection<NewTopic> newTopics, CreateTopicsOptions options) {
        ensureOpen();
        Map<String, KafkaFuture<TopicMetadataAndConfig>> futures = new LinkedHashMap<>();
        for (NewTopic topic : newTopics) {
            int partitions = partitionsOf(topic);
            KafkaFuture<TopicMetadataAndConfig> future;
            try {
                if (kafka.topics().contains(topic.name())) {
                    throw new TopicExistsException("Topic " + topic.name() + " already exists");
                }
                if (!options.shouldValidateOnly()) {
                    kafka.createTopic(topic.name(), partitions);
                }
                Uuid id = options.shouldValidateOnly() ? Uuid.ZERO_UUID : kafka.topicId(topic.name());
                future = KafkaFuture.completedFuture(new TopicMetadataAndConfig(id, partitions, 1, topicConfig()));
            } catch (RuntimeException e) {
                future = failed(e);
            }
            futures.put(topic.name(), future);
        }
        return new CreateTopicsResult(futures) { };
    }

    private static int partitionsOf(NewTopic topic) {
        if (topic.replicasAssignments() != null && !topic.replicasAssignments().isEmpty()) {
            return topic.replicasAssignments().size();
        }
        return topic.numPartitions() > 0 ? topic.numPartitions() : DEFAULT_PARTITIONS;
    }

    /** Deletes records below the given offsets at once; {@code beforeOffset(-1)} means the high watermark. */
    @Override
    public org.apache.kafka.clients.admin.DeleteRecordsResult deleteRecords(
            Map<TopicPartition, org.apache.kafka.clients.admin.RecordsToDelete> recordsToDelete,
            org.apache.kafka.clients.admin.DeleteRecordsOptions options) {
        Map<TopicPartition, KafkaFuture<org.apache.kafka.clients.admin.DeletedRecords>> results = new HashMap<>();
        recordsToDelete.forEach((tp, toDelete) -> {
            KafkaFuture<org.apache.kafka.clients.admin.DeletedRecords> future;
            try {
                long before = toDelete.beforeOffset() < 0 ? kafka.highWatermark(tp) : toDelete.beforeOffset();
                future = KafkaFuture.completedFuture(new org.apache.kafka.clients.admin.DeletedRecords(
                        kafka.deleteRecordsBefore(tp, before)));
            } catch (RuntimeException e) {
                future = failed(e);
            }
            results.put(tp, future);
        });
        return new org.apache.kafka.clients.admin.DeleteRecordsResult(results);
    }

    /** Describes topics by name or by id; an unknown one fails its own future. */
    @Override
    public DescribeTopicsResult describeTopics(TopicCollection topics, DescribeTopicsOptions options) {
        ensureOpen();
        if (topics instanceof TopicCollection.TopicIdCollection ids) {
            Map<Uuid, KafkaFuture<TopicDescription>> futures = new LinkedHashMap<>();
            for (Uuid id : ids.topicIds()) {
                futures.put(id, kafka.topics().stream().filter(t -> kafka.topicId(t).equals(id)).findFirst()
                        .map(t -> KafkaFuture.completedFuture(describe(t)))
                        .orElseGet(() -> failed(new UnknownTopicIdException("No topic with id " + id))));
            }
            return new DescribeTopicsResult(futures, null) { };
        }
        Map<String, KafkaFuture<TopicDescription>> futures = new LinkedHashMap<>();
        for (String name : ((TopicCollection.TopicNameCollection) topics).topicNames()) {
            KafkaFuture<TopicDescription> future;
            try {
                future = KafkaFuture.completedFuture(describe(name));
            } catch (UnknownTopicOrPartitionException e) {
                future = failed(e);
            }
            futures.put(name, future);
        }
        return new DescribeTopicsResult(null, futures) { };
    }

    private TopicDescription describe(String topic) {
        int count = kafka.partitionCount(topic);
        List<TopicPartitionInfo> partitions = new ArrayList<>(count);
        List<Node> replicas = List.of(ClusterNode.NODE);
        for (int p = 0; p < count; p++) {
            partitions.add(new TopicPartitionInfo(p, ClusterNode.NODE, replicas, replicas));
        }
        return new TopicDescription(topic, topic.startsWith("__"), partitions, Set.of(), kafka.topicId(topic));
    }

    /** Deletes topics by name at once; an unknown one fails its own future. Topics by id are not modelled. */
    @Override
    public DeleteTopicsResult deleteTopics(TopicCollection topics, DeleteTopicsOptions options) {
        ensureOpen();
        if (!(topics instanceof TopicCollection.TopicNameCollection names)) {
            throw notModelled("deleteTopics by topic id");
        }
        Map<String, KafkaFuture<Void>> futures = new LinkedHashMap<>();
        for (String name : names.topicNames()) {
            KafkaFuture<Void> future;
            try {
                kafka.deleteTopic(name);
                future = KafkaFuture.completedFuture(null);
            } catch (UnknownTopicOrPartitionException e) {
                future = failed(e);
            }
            futures.put(name, future);
        }
        return new DeleteTopicsResult(null, futures) { };
    }

    /**
     * The earliest (log start) or latest offset of each partition; latest is the last stable
     * offset if the options ask for READ_COMMITTED, the high watermark otherwise.
     */
    @Override
    public ListOffsetsResult listOffsets(Map<TopicPartition, OffsetSpec> specs, ListOffsetsOptions options) {
        ensureOpen();
        Map<TopicPartition, KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo>> futures = new HashMap<>();
        specs.forEach((tp, spec) -> {
            KafkaFuture<ListOffsetsResult.ListOffsetsResultInfo> future;
            try {
                long offset;
                if (spec instanceof OffsetSpec.EarliestSpec) {
                    offset = kafka.logStartOffset(tp);
                } else if (spec instanceof OffsetSpec.LatestSpec) {
                    offset = options.isolationLevel() == IsolationLevel.READ_COMMITTED
                            ? kafka.lastStableOffset(tp) : kafka.highWatermark(tp);
                } else {
                    throw notModelled("listOffsets with " + spec.getClass().getSimpleName()
                            + "; use OffsetSpec.earliest() or OffsetSpec.latest()");
                }
                future = KafkaFuture.completedFuture(
                        new ListOffsetsResult.ListOffsetsResultInfo(offset, -1L, Optional.empty()));
            } catch (RuntimeException e) {
                future = failed(e);
            }
            futures.put(tp, future);
        });
        return new ListOffsetsResult(futures);
    }

    /**
     * Topic resources get the fixed configs of the model; an unknown topic fails its future with
     * {@link UnknownTopicOrPartitionException}. Other resources (brokers, groups) get no entries.
     */
    @Override
    public DescribeConfigsResult describeConfigs(Collection<ConfigResource> resources, DescribeConfigsOptions options) {
        ensureOpen();
        Map<ConfigResource, KafkaFuture<Config>> futures = new LinkedHashMap<>();
        for (ConfigResource resource : resources) {
            KafkaFuture<Config> future;
            if (resource.type() != ConfigResource.Type.TOPIC) {
                future = KafkaFuture.completedFuture(new Config(List.of()));
            } else if (kafka.topics().contains(resource.name())) {
                future = KafkaFuture.completedFuture(topicConfig());
            } else {
                future = failed(new UnknownTopicOrPartitionException("Topic " + resource.name() + " does not exist"));
            }
            futures.put(resource, future);
        }
        return new DescribeConfigsResult(futures) { };
    }

    private static Config topicConfig() {
        return new Config(List.of(
                new ConfigEntry("min.insync.replicas", "1"),
                new ConfigEntry("unclean.leader.election.enable", "false")));
    }

    /** Not offered: see the class comment ({@link ListTopicsResult} cannot be constructed). */
    @Override
    public ListTopicsResult listTopics(ListTopicsOptions options) {
        throw new UnsupportedOperationException("not modelled by the in-memory cluster: listTopics "
                + "(kafka-clients gives ListTopicsResult no public constructor); use describeTopics by name, "
                + "whose future fails with UnknownTopicOrPartitionException for a missing topic");
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return Map.of();
    }

    @Override
    public void close(Duration timeout) {
        closed = true;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("This in-memory admin client is closed");
        }
    }

    /** A future failed with {@code error}, built from public {@link KafkaFuture} calls only. */
    private static <T> KafkaFuture<T> failed(RuntimeException error) {
        return KafkaFuture.<Void>completedFuture(null).thenApply(ignored -> {
            throw error;
        });
    }
}
