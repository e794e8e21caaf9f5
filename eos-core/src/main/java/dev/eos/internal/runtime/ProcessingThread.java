package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.state.StoreRestorer;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One processing thread: the consume-process-produce loop of the exactly-once commit protocol
 * (docs/concepts/exactly-once.md). It owns one read_committed consumer, one transactional
 * producer and the tasks of the partitions assigned to it; nothing else touches them.
 *
 * <p>The loop, repeated:
 * <ol>
 *   <li>Poll; process each record through its task; outputs go to the producer inside the
 *       transaction, begun lazily at the first send.</li>
 *   <li>When {@link CommitPolicy} says so ({@code commit.interval.ms} has passed, the input is
 *       drained, or the thread has caught up and {@code commit.min.interval.ms} has passed,
 *       among others): send the next offsets to the transaction with the consumer's group
 *       metadata, then commit it.</li>
 *   <li>On a failure of user code: the transaction is aborted, the consumer seeks back to the
 *       committed offsets, and the configured handler decides (fail, skip, dead-letter).</li>
 *   <li>On fencing: the tasks are zombies; they are closed without committing, the producer is
 *       replaced and the consumer rejoins the group.</li>
 *   <li>On revocation: commit first. On loss: abort, commit nothing.</li>
 * </ol>
 * Errors are mapped to consequences by {@link ErrorClassifier} alone.
 */
public final class ProcessingThread implements Runnable, TaskAssignment.RebalanceHandler {
    private static final Logger log = LoggerFactory.getLogger(ProcessingThread.class);

    /** What the app learns from its threads. */
    public interface Observer {
        void onRebalancing(ProcessingThread thread);

        void onRunning(ProcessingThread thread);

        void onDeath(ProcessingThread thread, Throwable error);

        void onExit(ProcessingThread thread);

        /** Progress of restoring a store of one of this thread's new tasks. */
        default void onRestore(RestoreProgress progress) {
        }
    }

    private final String name;
    private final EosConfig config;
    private final LogicalPlan plan;
    private final TaskFactory taskFactory;
    private final KafkaClientFactory clients;
    private final ClientConfigs clientConfigs;
    private final Clock clock;
    private final RuntimeCounters counters;
    private final Observer observer;
    private final String transactionalId;
    private final BadRecordHandler badRecords;
    private final SwitchableSender sender = new SwitchableSender();
    private final ConsumedOffsets offsets = new ConsumedOffsets();
    private final RetryBudget retries;
    private final CommitPolicy commitPolicy;
    /** Created once: the per-record commit check must not allocate. */
    private final LongSupplier pendingStoreBytes = () -> this.lifecycle.pendingStoreBytes();
    private final BooleanSupplier caughtUp = this::caughtUp;

    private Consumer<byte[], byte[]> consumer;
    private OutputProducer producer;
    private TaskAssignment assignment;
    private TaskLifecycle lifecycle;
    private RepartitionPurger purger;
    private ExternalSinks externalSinks;
    private final Set<String> repartitionTopics = new java.util.HashSet<>();
    private RuntimeException failureDuringRebalance;
    private boolean rewindAfterRebalance;
    private long lastCommitMs;
    private volatile boolean stopRequested;

    public ProcessingThread(String name, int index, EosConfig config, TaskFactory taskFactory,
                            KafkaClientFactory clients, Clock clock, RuntimeCounters counters, Observer observer) {
        this.name = name;
        this.config = config;
        this.taskFactory = taskFactory;
        this.plan = taskFactory.plan();
        this.clients = clients;
        this.clientConfigs = new ClientConfigs(config);
        this.clock = clock;
        this.counters = counters;
        this.observer = observer;
        this.transactionalId = transactionalId(config, index);
        this.badRecords = new BadRecordHandler(name, config);
        this.retries = new RetryBudget(name);
        this.commitPolicy = new CommitPolicy(config, taskFactory.stateful());
    }

    /**
     * The transactional id of thread {@code index} of an instance: stable across restarts of the
     * same {@code instance.id}, so a restarted instance fences its predecessor's producer.
     */
    public static String transactionalId(EosConfig config, int index) {
        return config.applicationId() + "-" + config.instanceId() + "-" + index;
    }

    public String name() {
        return name;
    }

    /**
     * The shards of store {@code name} in this thread's tasks (for a test driver on the same
     * thread; reads see pending writes).
     */
    public java.util.List<dev.eos.store.StateStore> stores(String name) {
        java.util.List<dev.eos.store.StateStore> out = new ArrayList<>();
        if (assignment != null) {
            for (Task task : assignment.tasks()) {
                if (task.stores().has(name)) {
                    out.add(task.stores().typed(name));
                }
            }
        }
        return out;
    }

    /** Asks the loop to finish: it commits in-flight work and closes its clients. */
    public void requestStop() {
        stopRequested = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            open();
            while (!stopRequested) {
                step();
            }
            shutDown();
        } catch (Throwable fatal) {
            die(fatal);
        }
    }

    /*
     * The loop's parts are public so that a deterministic test driver can run them on its own
     * thread, one step at a time, instead of run(): open(), step() as often as it likes, then
     * shutDown(), or die(error) if a step threw. The production path is run() above, which does
     * exactly that.
     */

    /** Creates the clients, registers the transactional id and subscribes to the source topics. */
    public void open() {
        consumer = clients.consumer(clientConfigs.consumer(name + "-consumer"));
        StoreRestorer restorer = taskFactory.stateful()
                ? new StoreRestorer(clients.consumer(clientConfigs.restoreConsumer(name + "-restore-consumer")),
                        name, clock, observer::onRestore)
                : null;
        externalSinks = new ExternalSinks(name, plan);
        assignment = new TaskAssignment(name, consumer, id -> taskFactory.create(id, sender, externalSinks),
                topic -> plan.subtopologyOf(topic).id(), this);
        lifecycle = new TaskLifecycle(name, consumer, assignment, restorer, externalSinks, offsets, counters);
        plan.repartitionTopics().forEach(r -> repartitionTopics.add(r.topic()));
        purger = new RepartitionPurger(name, repartitionTopics,
                () -> clients.admin(clientConfigs.admin(name + "-purge-admin")), clock, config.repartitionPurgeInterval());
        producer = newProducer();
        observer.onRebalancing(this);
        consumer.subscribe(new ArrayList<>(plan.consumedTopics()), assignment);
        lastCommitMs = clock.millis();
    }

    /**
     * One turn of the loop: poll once, process what came, commit if due. Recoverable errors are
     * handled here; a fatal one is thrown.
     */
    public void step() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            handleUnlessStopping(e);
        }
    }

    /** Commits in-flight work and closes the clients. */
    public void shutDown() {
        closeCleanly();
        observer.onExit(this);
    }

    /** After a fatal error: aborts what is open, closes the clients, reports the death. */
    public void die(Throwable fatal) {
        log.error("{}: stopping after a fatal error; nothing after the last commit is committed", name, fatal);
        closeDirty();
        observer.onDeath(this, fatal);
    }

    /** Handles a loop error; a wake-up or interrupt caused by {@link #requestStop()} just ends the loop. */
    private void handleUnlessStopping(RuntimeException error) {
        if (stopRequested && (error instanceof WakeupException || error instanceof InterruptException)) {
            return;
        }
        if (error instanceof WakeupException) {
            return;
        }
        try {
            handle(error);
        } catch (WakeupException | InterruptException e) {
            if (!stopRequested) {
                throw e;
            }
        }
    }

    private void runOnce() {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(
                Duration.ofMillis(commitPolicy.pollWaitMs(hasWorkToCommit(), clock.millis() - lastCommitMs)));
        if (failureDuringRebalance != null) {
            RuntimeException failure = failureDuringRebalance;
            failureDuringRebalance = null;
            rewindAfterRebalance = false;
            handle(failure);
            return;
        }
        if (rewindAfterRebalance) {
            rewindAfterRebalance = false;
            assignment.rewindToCommitted();
            return;
        }
        for (TopicPartition tp : repartitionFirst(records.partitions())) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
                if (stopRequested) {
                    break;
                }
                if (!processOne(tp, record)) {
                    return;
                }
                maybeCommit();
            }
        }
        lifecycle.punctuateWallClock(clock.millis());
        purger.maybePurge();
        if (hasWorkToCommit()
                && commitPolicy.dueAfterPoll(records.isEmpty(), clock.millis() - lastCommitMs, caughtUp)) {
            commit();
        } else {
            maybeCommit();
        }
    }

    /** After a poll: no assigned partition has records this consumer could still read. */
    private boolean caughtUp() {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records of repartition topics first: they are input that already went through part of the
     * pipeline, and finishing them before more new input keeps the hop's latency and the
     * repartition topic's size down when the input has a backlog.
     */
    private java.util.List<TopicPartition> repartitionFirst(Set<TopicPartition> partitions) {
        java.util.List<TopicPartition> ordered = new ArrayList<>(partitions.size());
        for (TopicPartition tp : partitions) {
            if (repartitionTopics.contains(tp.topic())) {
                ordered.add(tp);
            }
        }
        if (ordered.isEmpty()) {
            return new ArrayList<>(partitions);
        }
        for (TopicPartition tp : partitions) {
            if (!repartitionTopics.contains(tp.topic())) {
                ordered.add(tp);
            }
        }
        return ordered;
    }

    /** Consumed input, or output of a punctuator that consumed nothing, waits for a commit. */
    private boolean hasWorkToCommit() {
        return offsets.hasUncommitted() || producer.hasUncommittedOutput();
    }

    /**
     * Processes one record through its task.
     *
     * @return false if the consumer was rewound and the rest of the polled batch must be dropped
     */
    private boolean processOne(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        Task task = assignment.task(tp);
        if (task == null) {
            return true;
        }
        if (badRecords.decideOnReplay(record, sender)) {
            offsets.processed(tp, record.offset());
            return true;
        }
        try {
            task.process(record);
        } catch (DeserializationFailure failure) {
            badRecords.onDeserializationFailure(record, failure, sender);
        } catch (ProcessingFailure failure) {
            badRecords.onProcessingFailure(record, failure);
            abortAndRewind();
            return false;
        }
        offsets.processed(tp, record.offset());
        return true;
    }

    private void maybeCommit() {
        if (hasWorkToCommit() && commitPolicy.dueAfterRecord(clock.millis() - lastCommitMs,
                offsets.recordsSinceCommit(), pendingStoreBytes)) {
            commit();
        }
    }

    private void commit() {
        int records = offsets.recordsSinceCommit();
        ConsumerGroupMetadata group = consumer.groupMetadata();
        if (group.generationId() < 0 || group.memberId().isEmpty()) {
            throw new GroupMembershipLostException(name + ": the consumer left group " + group.groupId()
                    + " (generation " + group.generationId() + "), e.g. after exceeding max.poll.interval.ms; "
                    + "its uncommitted work must not be committed");
        }
        Map<TopicPartition, OffsetAndMetadata> committed = lifecycle.offsetsToCommit(offsets);
        externalSinks.flush(committed);
        producer.commit(committed, group);
        lifecycle.onCommitted();
        purger.committed(committed);
        offsets.clear();
        lastCommitMs = clock.millis();
        retries.onProgress();
        badRecords.onCommitted(counters);
        counters.transactionsCommitted.increment();
        counters.recordsCommitted.add(records);
    }

    /** The loop's one switch on the classifier's answer. */
    private void handle(RuntimeException error) {
        ErrorConsequence consequence = ErrorClassifier.classify(error);
        switch (consequence) {
            case RETRIABLE:
                retries.onRetriable(error);
                if (error instanceof TaskCreationFailure) {
                    log.warn("{}: a task could not be prepared; rejoining the group to be assigned its partitions "
                            + "again", name, error);
                    recoverFromFencing(error);
                    break;
                }
                log.warn("{}: retriable error; aborting the transaction and rewinding to the committed offsets",
                        name, error);
                abortAndRewind();
                break;
            case FENCED:
                retries.onFenced(error, config.instanceId());
                recoverFromFencing(error);
                break;
            case USER_CODE:
            case FATAL:
            default:
                throw error;
        }
    }

    private void abortAndRewind() {
        try {
            if (producer.abortIfInFlight()) {
                counters.transactionsAborted.increment();
            }
            badRecords.onAborted();
            lifecycle.onAborted();
            externalSinks.discard();
        } catch (RuntimeException abortError) {
            if (ErrorClassifier.classify(abortError) == ErrorConsequence.FENCED) {
                recoverFromFencing(abortError);
                return;
            }
            throw abortError;
        }
        offsets.clear();
        assignment.rewindToCommitted();
    }

    /**
     * This thread's tasks are zombies: another producer or a newer group generation owns their
     * partitions. Nothing more is committed from them.
     */
    private void recoverFromFencing(RuntimeException cause) {
        log.warn("{}: fenced or producer unusable ({}); closing tasks without committing, replacing the producer "
                + "transactional.id={} and rejoining the group", name, cause.toString(), transactionalId);
        producer.close(Duration.ZERO);
        counters.producersRecreated.increment();
        offsets.clear();
        badRecords.forgetPending();
        externalSinks.discard();
        assignment.closeAllAsZombies();
        producer = newProducer();
        observer.onRebalancing(this);
        consumer.unsubscribe();
        consumer.subscribe(new ArrayList<>(plan.consumedTopics()), assignment);
    }

    /** The guarantee picks how output and offsets become durable together. */
    private OutputProducer newProducer() {
        OutputProducer p = config.processingGuarantee() == dev.eos.ProcessingGuarantee.AT_LEAST_ONCE
                ? new AcknowledgedProducer(clients.producer(clientConfigs.idempotentProducer(name + "-producer")),
                        consumer, name + "-producer")
                : new TransactionalProducer(
                        clients.producer(clientConfigs.producer(name + "-producer", transactionalId)),
                        transactionalId, clock, config.transactionTimeout());
        p.initialize();
        sender.target = p;
        return p;
    }

    @Override
    public void beforeRevocation(Collection<TopicPartition> revoked) {
        observer.onRebalancing(this);
        if (offsets.hasUncommitted() || producer.hasUncommittedOutput()) {
            try {
                commit();
            } catch (RuntimeException e) {
                // Handled after poll() returns, where the loop can abort, rewind or rejoin.
                failureDuringRebalance = e;
                externalSinks.discard();
            }
        }
        badRecords.forgetPending();
        externalSinks.onRevoked(new java.util.HashSet<>(revoked));
    }

    @Override
    public void afterLoss(Collection<TopicPartition> lost) {
        observer.onRebalancing(this);
        offsets.clear();
        badRecords.forgetPending();
        externalSinks.discard();
        externalSinks.onRevoked(new java.util.HashSet<>(lost));
        try {
            producer.abortIfInFlight();
        } catch (RuntimeException e) {
            failureDuringRebalance = e;
        }
        rewindAfterRebalance = true;
    }

    @Override
    public void prepare(Task task, java.util.Set<TopicPartition> partitions) {
        lifecycle.prepare(task, partitions);
    }

    @Override
    public void afterAssignment() {
        observer.onRunning(this);
    }

    @Override
    public void onTaskCreationFailure(RuntimeException error) {
        failureDuringRebalance = error;
    }

    private void closeCleanly() {
        try {
            if (offsets.hasUncommitted() || producer.hasUncommittedOutput()) {
                commit();
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not commit in-flight work on close; it will be reprocessed", name, e);
            offsets.clear();
            try {
                producer.abortIfInFlight();
            } catch (RuntimeException ignored) {
                // the coordinator aborts it at transaction.timeout.ms
            }
        }
        closeClients();
    }

    private void closeDirty() {
        offsets.clear();
        if (producer != null) {
            try {
                producer.abortIfInFlight();
            } catch (RuntimeException ignored) {
                // the producer is closed next; the coordinator aborts the transaction
            }
        }
        closeClients();
    }

    private void closeClients() {
        offsets.clear();
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (assignment != null) {
            assignment.closeAllAsZombies();
        }
        if (lifecycle != null) {
            lifecycle.close();
        }
        if (purger != null) {
            purger.close();
        }
        if (externalSinks != null) {
            externalSinks.close();
        }
        if (consumer != null) {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.warn("{}: closing the consumer failed", name, e);
            }
        }
    }

    /** Lets tasks keep one sender while the producer behind it is replaced after fencing. */
    private static final class SwitchableSender implements RecordSender {
        private OutputProducer target;

        @Override
        public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record) {
            return target.send(record);
        }

        @Override
        public int partitionCount(String topic) {
            return target.partitionCount(topic);
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
