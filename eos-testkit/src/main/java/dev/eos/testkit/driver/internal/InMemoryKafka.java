package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

/**
 * An in-memory Kafka cluster with the semantics exactly-once depends on, and nothing else: the
 * model behind the test driver's clients. It is small on purpose; a user debugging a failed
 * exactly-once test should be able to read all of it.
 *
 * <p><b>What it models.</b> Topics with partitions, each partition a log of records with
 * offsets ({@link PartitionLog}). Transactional producers by transactional id, with epochs and
 * fencing ({@link TransactionCoordinator}). Consumer groups with members, generations, a range
 * assignment and committed offsets ({@link ConsumerGroup}). There are no brokers, replicas,
 * leaders, retention, compaction, quotas or network: every call takes effect at once or throws.
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li>Visibility. A read_committed reader sees a record only if it lies below its partition's
 *       last stable offset (LSO) and its transaction committed. The LSO is the first offset still
 *       held by an open transaction, of any producer, so one open transaction holds back even
 *       later committed records in that partition. Aborted records are never shown to
 *       read_committed readers; read_uncommitted readers see all data records up to the high
 *       watermark, aborted ones included, exactly as in Kafka.</li>
 *   <li>Atomic commit. A commit makes all of a transaction's records (in every partition) and all
 *       of its offsets (in every group) visible in the same call; an abort marks the records
 *       aborted and drops the offsets. Offsets sent to a transaction reach the group only then.
 *       Each ended transaction leaves one marker per partition written, taking an offset, as in
 *       Kafka: consumer positions skip it.</li>
 *   <li>Fencing. {@code initTransactions} for a transactional id aborts the transaction its
 *       previous producer left open and fences that producer: each later call it makes throws
 *       {@link org.apache.kafka.common.errors.ProducerFencedException} and changes nothing.</li>
 *   <li>Zombie check on offsets (KIP-447). Offsets are accepted only from a member of the
 *       group's current generation; a stale generation, an unknown member, or an anonymous
 *       commit (generation -1, no member id) to a group with members throws
 *       {@link org.apache.kafka.clients.consumer.CommitFailedException}.</li>
 *   <li>Generations. Every membership change (join, leave, new subscription) bumps the group's
 *       generation and takes effect at once; there is no "rebalance in progress".</li>
 *   <li>Determinism. No threads, no clock, no randomness: the same calls in the same order give
 *       the same logs, ids and assignments. Timestamps are whatever the caller passes.</li>
 * </ol>
 *
 * <p>Not thread-safe: the driver runs the runtime and this model on one thread.
 *
 * <pre>{@code
 * InMemoryKafka kafka = new InMemoryKafka();
 * kafka.createTopic("out", 1);
 * ProducerSession p = kafka.initTransactions("app-0");
 * kafka.beginTransaction(p);
 * kafka.send(p, new TopicPartition("out", 0), key, value, List.of(), 0L);
 * kafka.commitTransaction(p);   // now visible to read_committed
 * }</pre>
 */
public final class InMemoryKafka {

    private final Map<String, List<PartitionLog>> topics = new TreeMap<>();
    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    private final TransactionCoordinator transactions = new TransactionCoordinator(this::log, this::groupOrCreate);

    // ---- topics and logs

    /** @throws TopicExistsException if a topic with that name exists */
    public void createTopic(String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (topics.containsKey(name)) {
            throw new TopicExistsException("Topic " + name + " already exists");
        }
        List<PartitionLog> logs = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            logs.add(new PartitionLog(new TopicPartition(name, p)));
        }
        topics.put(name, List.copyOf(logs));
    }

    public Set<String> topics() {
        return Set.copyOf(topics.keySet());
    }

    /** @throws UnknownTopicOrPartitionException if the topic does not exist */
    public int partitionCount(String topic) {
        return partitionsOf(topic).size();
    }

    /** Appends a record outside any transaction (a test input, a non-transactional producer). */
    public long append(TopicPartition partition, byte[] key, byte[] value, List<Header> headers, long timestamp) {
        return log(partition).appendCommitted(key, value, headers, timestamp);
    }

    /** Reads what a consumer with {@code isolation} may see, from {@code fromOffset}. */
    public Fetch read(TopicPartition partition, long fromOffset, int maxRecords, IsolationLevel isolation) {
        return log(partition).read(fromOffset, maxRecords, isolation);
    }

    /** The first offset not deleted by {@link #deleteRecordsBefore}. */
    public long logStartOffset(TopicPartition partition) {
        return log(partition).logStartOffset();
    }

    /** Deletes the records of {@code partition} below {@code offset}; returns the new log start offset. */
    public long deleteRecordsBefore(TopicPartition partition, long offset) {
        return log(partition).deleteBefore(offset);
    }

    public long highWatermark(TopicPartition partition) {
        return log(partition).highWatermark();
    }

    public long lastStableOffset(TopicPartition partition) {
        return log(partition).lastStableOffset();
    }

    /** Every entry of a partition, markers and aborted records included: for diagnostics. */
    public List<LoggedRecord> entries(TopicPartition partition) {
        return log(partition).entries();
    }

    // ---- consumer groups

    /** Adds a member to a group (created if needed); a new generation begins. Returns the member id. */
    public String joinGroup(String groupId, String clientId, Set<String> topics) {
        return groupOrCreate(groupId).join(clientId, topics);
    }

    /** Changes a member's subscription; a new generation begins if it differs. */
    public void resubscribe(String groupId, String memberId, Set<String> topics) {
        groupOrCreate(groupId).resubscribe(memberId, topics);
    }

    /** Removes a member (a clean leave, or the driver expelling it); a new generation begins. */
    public void leaveGroup(String groupId, String memberId) {
        groupOrCreate(groupId).leave(memberId);
    }

    /** The group's generation: 0 for a group nobody has joined. */
    public int generation(String groupId) {
        return groupOrCreate(groupId).generation();
    }

    /** The member synced to the group's current generation; it owns no partition until it takes some. */
    public void synced(String groupId, String memberId) {
        groupOrCreate(groupId).synced(memberId);
    }

    /** Of {@code wanted}, the partitions no other member owns, which {@code memberId} now owns. */
    public Set<TopicPartition> takePartitions(String groupId, String memberId, Set<TopicPartition> wanted) {
        return groupOrCreate(groupId).take(memberId, wanted);
    }

    /** Partitions assigned to a member that it has not taken yet, described; empty once settled. */
    public List<String> partitionsAwaitingHandover(String groupId) {
        return groupOrCreate(groupId).awaitingHandover(t -> topics.containsKey(t) ? topics.get(t).size() : 0);
    }

    public Set<String> members(String groupId) {
        return groupOrCreate(groupId).members();
    }

    /** What the member's consumer reports as {@code groupMetadata()} right now. */
    public ConsumerGroupMetadata groupMetadata(String groupId, String memberId) {
        return groupOrCreate(groupId).metadataOf(memberId);
    }

    /** The current range assignment of the group: member id to partitions. */
    public SortedMap<String, Set<TopicPartition>> assignment(String groupId) {
        return groupOrCreate(groupId).assignment(t -> topics.containsKey(t) ? topics.get(t).size() : 0);
    }

    /**
     * Commits offsets outside any transaction (a consumer's {@code commitSync}), with the same
     * zombie check as a transactional commit.
     */
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        ConsumerGroup group = groupOrCreate(groupMetadata.groupId());
        group.validate(groupMetadata, offsets.keySet());
        group.commit(offsets);
    }

    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        return groupOrCreate(groupId).committed();
    }

    // ---- transactions

    /** Opens the next epoch of {@code transactionalId}, aborting and fencing the previous one. */
    public ProducerSession initTransactions(String transactionalId) {
        return transactions.initTransactions(transactionalId);
    }

    public void beginTransaction(ProducerSession producer) {
        transactions.begin(producer);
    }

    /** Appends a record to the producer's open transaction; returns its offset. */
    public long send(ProducerSession producer, TopicPartition partition, byte[] key, byte[] value,
                     List<Header> headers, long timestamp) {
        return transactions.append(producer, partition, key, value, headers, timestamp);
    }

    public void sendOffsetsToTransaction(ProducerSession producer, Map<TopicPartition, OffsetAndMetadata> offsets,
                                         ConsumerGroupMetadata groupMetadata) {
        transactions.sendOffsets(producer, offsets, groupMetadata);
    }

    public void commitTransaction(ProducerSession producer) {
        transactions.commit(producer);
    }

    public void abortTransaction(ProducerSession producer) {
        transactions.abort(producer);
    }

    private List<PartitionLog> partitionsOf(String topic) {
        List<PartitionLog> logs = topics.get(topic);
        if (logs == null) {
            throw new UnknownTopicOrPartitionException("Topic " + topic + " does not exist; create it first");
        }
        return logs;
    }

    private PartitionLog log(TopicPartition partition) {
        List<PartitionLog> logs = partitionsOf(partition.topic());
        if (partition.partition() < 0 || partition.partition() >= logs.size()) {
            throw new UnknownTopicOrPartitionException("Partition " + partition + " does not exist; topic "
                    + partition.topic() + " has " + logs.size() + " partitions");
        }
        return logs.get(partition.partition());
    }

    private ConsumerGroup groupOrCreate(String groupId) {
        return groups.computeIfAbsent(groupId, ConsumerGroup::new);
    }
}
