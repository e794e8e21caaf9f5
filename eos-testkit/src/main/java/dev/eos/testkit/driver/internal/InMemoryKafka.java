package dev.eos.testkit.driver.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;

/**
 * An in-memory Kafka cluster with the semantics exactly-once depends on, and nothing else: the
 * model behind the test driver's clients. It is small on purpose; a user debugging a failed
 * exactly-once test should be able to read all of it.
 *
 * <p><b>What it models.</b> Topics with ids and partitions, each partition a log of records with
 * offsets ({@link PartitionLog}). Transactional producers by transactional id, with epochs,
 * fencing and transaction timeouts ({@link TransactionCoordinator}), and the markers that end
 * their transactions ({@link TransactionMarkers}). Consumer groups with members, generations, a
 * range assignment, committed and pending offsets ({@link ConsumerGroup}). There are no brokers,
 * replicas, leaders, retention, compaction, quotas or network.
 *
 * <p><b>Invariants.</b>
 * <ol>
 *   <li>Visibility. A read_committed reader sees a record only if it lies below its partition's
 *       last stable offset (LSO) and its transaction committed. The LSO is the first offset still
 *       held by a transaction whose marker has not landed there, of any producer, so one such
 *       transaction holds back even later committed records in that partition. Aborted records
 *       are never shown to read_committed readers; read_uncommitted readers see all data records
 *       up to the high watermark, aborted ones included, exactly as in Kafka.</li>
 *   <li>Two-phase end. {@code commitTransaction} and {@code abortTransaction} decide the outcome
 *       of the whole transaction at once and return, as Kafka answers {@code EndTxn} once
 *       PREPARE_COMMIT is logged; one marker per partition written and one per group given
 *       offsets is then {@link #pendingMarkers() pending} until it {@link #deliverMarker lands}.
 *       A partition's marker flips the transaction's records there and takes an offset, as in
 *       Kafka (consumer positions skip it); a group's marker commits (or drops) the offsets the
 *       transaction sent, which until then leave the committed offsets unchanged and make a
 *       stable offset fetch of those partitions fail (UNSTABLE_OFFSET_COMMIT). Markers land in
 *       any order the caller chooses; the producer that ended the transaction makes them land
 *       before its next transaction adds anything (CONCURRENT_TRANSACTIONS, retried).</li>
 *   <li>Fencing. {@code initTransactions} for a transactional id lands what its previous
 *       producer left pending, aborts the transaction it left open (landing those markers too)
 *       and fences that producer: each later call it makes throws
 *       {@link org.apache.kafka.common.errors.ProducerFencedException} and changes nothing.</li>
 *   <li>Timeouts. A transaction open longer than its producer's {@code transaction.timeout.ms}
 *       on this model's clock is aborted by the coordinator, which bumps the epoch (the producer
 *       is fenced); its markers become pending. Checked at every transactional call and at
 *       {@link #abortExpiredTransactions()}.</li>
 *   <li>Zombie check on offsets (KIP-447), as the classic group coordinator does it: offsets are
 *       accepted only from a member of the group's current generation; a stale generation or an
 *       unknown member throws {@link org.apache.kafka.clients.consumer.CommitFailedException}.
 *       An anonymous commit (generation -1, no member id) is accepted from a transaction
 *       always, and outside one only while the group has no members.</li>
 *   <li>Generations. Every membership change (join, leave, new subscription) bumps the group's
 *       generation and takes effect at once; there is no "rebalance in progress".</li>
 *   <li>Determinism. No threads and no randomness, and a clock only the caller moves: the same
 *       calls in the same order at the same times give the same logs, ids and assignments.
 *       Timestamps are whatever the caller passes.</li>
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
 * kafka.commitTransaction(p);   // decided; the marker of out-0 is pending
 * kafka.deliverAllMarkers();    // now visible to read_committed
 * }</pre>
 */
public final class InMemoryKafka {
    /** {@code transaction.timeout.ms} of a producer that does not set it: Kafka's default. */
    public static final long DEFAULT_TRANSACTION_TIMEOUT_MS = 60_000;

    private final Map<String, Topic> topics = new TreeMap<>();
    private final Map<String, ConsumerGroup> groups = new HashMap<>();
    private final TransactionMarkers markers = new TransactionMarkers(this::land);
    private final TransactionCoordinator transactions;
    private long topicsCreated;

    /** A cluster whose clock stands at 0: transactions never time out. */
    public InMemoryKafka() {
        this(() -> 0L);
    }

    /** @param clock the time in ms that transaction timeouts are measured on (the driver's wall clock) */
    public InMemoryKafka(LongSupplier clock) {
        this.transactions = new TransactionCoordinator(this::log, this::groupOrCreate, markers, clock);
    }

    // ---- topics and logs

    /** A topic: its id (new for every creation) and its partitions' logs. */
    private record Topic(Uuid id, List<PartitionLog> logs) {
    }

    /**
     * Creates a topic with a new topic id: ids are deterministic, counting creations, so a topic
     * deleted and created again has a different one, as in Kafka.
     *
     * @throws TopicExistsException if a topic with that name exists
     */
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
        topicsCreated++;
        topics.put(name, new Topic(new Uuid(0x456f73L, topicsCreated), List.copyOf(logs)));
    }

    /**
     * Deletes a topic with its records; markers pending for it are dropped. Offsets committed for
     * it stay in the groups, as in Kafka until they expire.
     *
     * @throws UnknownTopicOrPartitionException if the topic does not exist
     */
    public void deleteTopic(String name) {
        partitionsOf(name);
        topics.remove(name);
        markers.dropTopic(name);
    }

    public Set<String> topics() {
        return Set.copyOf(topics.keySet());
    }

    /** @throws UnknownTopicOrPartitionException if the topic does not exist */
    public Uuid topicId(String topic) {
        partitionsOf(topic);
        return topics.get(topic).id();
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
        return groupOrCreate(groupId).awaitingHandover(this::partitionCountOrZero);
    }

    public Set<String> members(String groupId) {
        return groupOrCreate(groupId).members();
    }

    /** What the member's consumer reports as {@code groupMetadata()} right after it synced. */
    public ConsumerGroupMetadata groupMetadata(String groupId, String memberId) {
        return groupOrCreate(groupId).metadataOf(memberId);
    }

    /** The current range assignment of the group: member id to partitions. */
    public SortedMap<String, Set<TopicPartition>> assignment(String groupId) {
        return groupOrCreate(groupId).assignment(this::partitionCountOrZero);
    }

    /**
     * Commits offsets outside any transaction (a consumer's {@code commitSync}), with the same
     * zombie check as a transactional commit, except that an anonymous commit needs an empty group.
     */
    public void commitOffsets(Map<TopicPartition, OffsetAndMetadata> offsets, ConsumerGroupMetadata groupMetadata) {
        ConsumerGroup group = groupOrCreate(groupMetadata.groupId());
        group.validate(groupMetadata, offsets.keySet(), false);
        group.commit(offsets);
    }

    /** The group's committed offsets; offsets of transactions whose group marker is pending are not among them. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(String groupId) {
        return groupOrCreate(groupId).committed();
    }

    /**
     * Whether a stable offset fetch of {@code partition} would be refused with
     * UNSTABLE_OFFSET_COMMIT: a transaction that sent offsets for it is open, or ended with its
     * marker for the group still pending. The markers of ended transactions land first, as
     * they would while a consumer retries, unless {@link #holdMarkers held}.
     */
    public boolean offsetsUnstable(String groupId, TopicPartition partition) {
        ConsumerGroup group = groupOrCreate(groupId);
        Set<Long> producers = group.pendingProducers(partition);
        if (producers.isEmpty()) {
            return false;
        }
        markers.deliverGroupMarkers(groupId, producers);
        return !group.pendingProducers(partition).isEmpty();
    }

    // ---- transactions

    /**
     * Opens the next epoch of {@code transactionalId}, landing what the previous one left
     * pending, aborting its open transaction and fencing it.
     *
     * @param timeoutMs the producer's {@code transaction.timeout.ms}
     */
    public ProducerSession initTransactions(String transactionalId, long timeoutMs) {
        return transactions.initTransactions(transactionalId, timeoutMs);
    }

    /** {@link #initTransactions(String, long)} with Kafka's default {@code transaction.timeout.ms}. */
    public ProducerSession initTransactions(String transactionalId) {
        return initTransactions(transactionalId, DEFAULT_TRANSACTION_TIMEOUT_MS);
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

    /** Decides the commit; the transaction's markers become pending. */
    public void commitTransaction(ProducerSession producer) {
        transactions.commit(producer);
    }

    /** Decides the abort; the transaction's markers become pending. */
    public void abortTransaction(ProducerSession producer) {
        transactions.abort(producer);
    }

    /** Aborts every open transaction older than its producer's {@code transaction.timeout.ms} now. */
    public void abortExpiredTransactions() {
        transactions.abortExpired();
    }

    /** When the next open transaction times out, in ms on the model's clock; empty if none can. */
    public OptionalLong earliestTransactionExpiry() {
        return transactions.earliestExpiry();
    }

    // ---- markers

    /** The markers of ended transactions that have not landed, in the order the transactions ended. */
    public List<PendingMarker> pendingMarkers() {
        return markers.pending();
    }

    /**
     * Lands one pending marker.
     *
     * @throws IllegalArgumentException if it is not pending
     */
    public void deliverMarker(PendingMarker marker) {
        markers.deliver(marker);
    }

    /** Lands every pending marker, in the order the transactions ended. */
    public void deliverAllMarkers() {
        markers.deliverAll();
    }

    /**
     * While held, markers land only when delivered explicitly or when their own producer goes on
     * with its next transaction: an offset fetch no longer makes a group's marker land.
     */
    public void holdMarkers(boolean hold) {
        markers.hold(hold);
    }

    private void land(PendingMarker marker) {
        if (marker.forGroup()) {
            groupOrCreate(marker.groupId()).completeTransaction(marker.producerId(), marker.outcome());
        } else if (topics.containsKey(marker.partition().topic())) {
            log(marker.partition()).endTransaction(marker.producerId(), marker.outcome());
        }
    }

    private List<PartitionLog> partitionsOf(String topic) {
        Topic t = topics.get(topic);
        if (t == null) {
            throw new UnknownTopicOrPartitionException("Topic " + topic + " does not exist; create it first");
        }
        return t.logs();
    }

    private int partitionCountOrZero(String topic) {
        Topic t = topics.get(topic);
        return t == null ? 0 : t.logs().size();
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
