package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 *   <li>When {@code commit.interval.ms} has passed, {@code transaction.max.records} were
 *       processed, or the input is drained (a poll returned nothing for
 *       {@value #DRAINED_POLL_WAIT_MS} ms): send the next offsets to the transaction with the
 *       consumer's group metadata, then commit it.</li>
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
    private static final long MAX_POLL_WAIT_MS = 100;
    /**
     * With work waiting to be committed, a poll that returns nothing within this long means the
     * input is drained: commit now instead of holding the output back until the interval ends.
     */
    private static final long DRAINED_POLL_WAIT_MS = 10;

    /** What the app learns from its threads. */
    public interface Observer {
        void onRebalancing(ProcessingThread thread);

        void onRunning(ProcessingThread thread);

        void onDeath(ProcessingThread thread, Throwable error);

        void onExit(ProcessingThread thread);
    }

    private final String name;
    private final EosConfig config;
    private final LogicalPlan plan;
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

    private Consumer<byte[], byte[]> consumer;
    private TransactionalProducer producer;
    private TaskAssignment assignment;
    private RuntimeException failureDuringRebalance;
    private boolean rewindAfterRebalance;
    private long lastCommitMs;
    private volatile boolean stopRequested;

    public ProcessingThread(String name, int index, EosConfig config, LogicalPlan plan, KafkaClientFactory clients,
                            Clock clock, RuntimeCounters counters, Observer observer) {
        this.name = name;
        this.config = config;
        this.plan = plan;
        this.clients = clients;
        this.clientConfigs = new ClientConfigs(config);
        this.clock = clock;
        this.counters = counters;
        this.observer = observer;
        this.transactionalId = transactionalId(config, index);
        this.badRecords = new BadRecordHandler(name, config);
        this.retries = new RetryBudget(name);
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
        assignment = new TaskAssignment(name, consumer,
                partition -> new Task(partition, plan, config.applicationId(), sender), this);
        producer = newProducer();
        observer.onRebalancing(this);
        consumer.subscribe(new ArrayList<>(plan.sourceTopics()), assignment);
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
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(pollWaitMs()));
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
        for (TopicPartition tp : records.partitions()) {
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
        if (records.isEmpty() && offsets.hasUncommitted()) {
            commit();
        } else {
            maybeCommit();
        }
    }

    private long pollWaitMs() {
        if (!offsets.hasUncommitted()) {
            return MAX_POLL_WAIT_MS;
        }
        long untilCommit = lastCommitMs + config.commitInterval().toMillis() - clock.millis();
        return Math.max(0, Math.min(DRAINED_POLL_WAIT_MS, untilCommit));
    }

    /**
     * Processes one record through its task.
     *
     * @return false if the consumer was rewound and the rest of the polled batch must be dropped
     */
    private boolean processOne(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
        Task task = assignment.task(record.partition());
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
        if (!offsets.hasUncommitted()) {
            return;
        }
        long now = clock.millis();
        if (offsets.recordsSinceCommit() >= config.transactionMaxRecords()
                || now - lastCommitMs >= config.commitInterval().toMillis()) {
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
        producer.commit(offsets.toCommit(), group);
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
        assignment.closeAllAsZombies();
        producer = newProducer();
        observer.onRebalancing(this);
        consumer.unsubscribe();
        consumer.subscribe(new ArrayList<>(plan.sourceTopics()), assignment);
    }

    private TransactionalProducer newProducer() {
        TransactionalProducer p = new TransactionalProducer(
                clients.producer(clientConfigs.producer(name + "-producer", transactionalId)),
                transactionalId, clock, config.transactionTimeout());
        p.initTransactions();
        sender.target = p;
        return p;
    }

    @Override
    public void beforeRevocation(Collection<TopicPartition> revoked) {
        observer.onRebalancing(this);
        if (!offsets.hasUncommitted() && !producer.inTransaction()) {
            badRecords.forgetPending();
            return;
        }
        try {
            commit();
        } catch (RuntimeException e) {
            // Handled after poll() returns, where the loop can abort, rewind or rejoin.
            failureDuringRebalance = e;
        }
        badRecords.forgetPending();
    }

    @Override
    public void afterLoss(Collection<TopicPartition> lost) {
        observer.onRebalancing(this);
        offsets.clear();
        badRecords.forgetPending();
        try {
            producer.abortIfInFlight();
        } catch (RuntimeException e) {
            failureDuringRebalance = e;
        }
        rewindAfterRebalance = true;
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
            if (offsets.hasUncommitted() || producer.inTransaction()) {
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
        private TransactionalProducer target;

        @Override
        public void send(org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record) {
            target.send(record);
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
