package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.state.ChangelogMetadata;
import dev.eos.internal.state.StoreRestorer;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one processing thread, wired together when the thread opens and closed together
 * when it ends: its clients (group consumer, producer, restore consumer, admin) and the objects
 * that share them. Wiring lives here so that {@link ProcessingThread} holds only the loop.
 */
final class ThreadComponents {
    private static final Logger log = LoggerFactory.getLogger(ThreadComponents.class);
    /** How long a new task may keep timing out while it starts, at least. */
    private static final long MIN_STARTUP_DEADLINE_MS = 120_000;

    /** What the thread provides to its parts: its reactions to rebalances, commits and records. */
    interface Host extends TaskAssignment.RebalanceHandler, Commits.Listener, BatchProcessor.Hooks {
        void onRestore(RestoreProgress progress);
    }

    final org.apache.kafka.clients.consumer.Consumer<byte[], byte[]> consumer;
    final ThreadProducer producer;
    final PartitionProgress progress = new PartitionProgress();
    final BadRecordHandler badRecords;
    final LazyAdmin admin;
    final StoreRestorer restorer;
    final ExternalSinks externalSinks;
    final TaskStartup startup;
    final TaskAssignment assignment;
    final TaskLifecycle lifecycle;
    final RepartitionPurger purger;
    final Commits commits;
    final BatchProcessor batches;
    final Set<String> repartitionTopics = new HashSet<>();
    private final String name;

    /** Creates the clients and everything that uses them; registers the transactional id. */
    ThreadComponents(Host host, String name, EosConfig config, TaskFactory taskFactory, KafkaClientFactory clients,
                     Clock clock, int index) {
        this.name = name;
        LogicalPlan plan = taskFactory.plan();
        ClientConfigs clientConfigs = new ClientConfigs(config);
        consumer = clients.consumer(clientConfigs.consumer(name + "-consumer", index));
        producer = new ThreadProducer(config, clients, name + "-producer",
                ProcessingThread.transactionalId(config, index), clock);
        badRecords = new BadRecordHandler(name, config);
        admin = new LazyAdmin(() -> clients.admin(clientConfigs.admin(name + "-admin")));
        Consumer<RestoreProgress> restoreListener = host::onRestore;
        restorer = taskFactory.stateful()
                ? new StoreRestorer(clients.consumer(clientConfigs.restoreConsumer(name + "-restore-consumer")),
                        new ChangelogMetadata(admin, Duration.ofSeconds(30)), name, clock, config.transactionTimeout(),
                        restoreListener)
                : null;
        externalSinks = new ExternalSinks(name, plan);
        Duration startupDeadline = Duration.ofMillis(Math.max(MIN_STARTUP_DEADLINE_MS,
                2 * config.transactionTimeout().toMillis() + 30_000));
        startup = new TaskStartup(new TaskStartup.Settings(name, clock, startupDeadline), consumer,
                id -> taskFactory.create(id, producer, externalSinks), restorer, externalSinks, progress);
        assignment = new TaskAssignment(name, consumer, new TaskTopology(plan), startup, host);
        lifecycle = new TaskLifecycle(name, assignment);
        plan.repartitionTopics().forEach(r -> repartitionTopics.add(r.topic()));
        purger = new RepartitionPurger(name, repartitionTopics, admin, clock, config.repartitionPurgeInterval());
        commits = new Commits(name, consumer, producer, progress, lifecycle, externalSinks, host);
        batches = new BatchProcessor(name, assignment, progress, badRecords, producer, repartitionTopics, host);
        try {
            producer.open(consumer);
        } catch (RuntimeException e) {
            try {
                close(true);
            } catch (RuntimeException closeError) {
                e.addSuppressed(closeError);
            }
            throw e;
        }
    }

    /**
     * A clean shut-down: commits what was processed (or aborts, if that fails), then closes
     * everything; the consumer leaves the group if {@code leaveGroup}, else only a dynamic member
     * does (a static one stays, for a restart with the same {@code instance.id}).
     */
    /** After a poll: no partition being read has records this consumer could still read. */
    boolean caughtUp() {
        for (TopicPartition tp : assignment.runningPartitions()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /** The shards of store {@code name} in the tasks assigned now. */
    List<dev.eos.store.StateStore> stores(String name) {
        List<dev.eos.store.StateStore> out = new ArrayList<>();
        for (Task task : assignment.tasks()) {
            if (task.stores().has(name)) {
                out.add(task.stores().typed(name));
            }
        }
        return out;
    }

    void closeAfterCommitting(boolean leaveGroup) {
        try {
            if (commits.hasWorkToCommit()) {
                commitDespiteAPendingWakeup();
            }
        } catch (RuntimeException e) {
            log.warn("{}: could not commit in-flight work on close; it will be reprocessed", name, e);
            abortQuietly();
        }
        close(leaveGroup);
    }

    /**
     * The stop request woke the consumer; if no poll consumed that wake-up, the first blocking
     * consumer call of the commit ({@code commitSync} under at-least-once) throws it instead of
     * committing, and throwing consumes it: the commit is made once more.
     */
    private void commitDespiteAPendingWakeup() {
        try {
            commits.commit();
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            commits.commit();
        }
    }

    /** After a fatal error: aborts what is open, then closes everything. */
    void closeAborting() {
        abortQuietly();
        close(true);
    }

    private void abortQuietly() {
        progress.clearUncommitted();
        try {
            if (producer.current() != null) {
                producer.current().abortIfInFlight();
            }
        } catch (RuntimeException ignored) {
            // the producer is closed next; the coordinator aborts the transaction at transaction.timeout.ms
        }
    }

    /** Closes the producer (an open transaction is left to the coordinator), the tasks and every client. */
    private void close(boolean leaveGroup) {
        progress.clearUncommitted();
        producer.close(Duration.ofSeconds(5));
        assignment.closeAllAsZombies();
        startup.dropAll();
        closeQuietly(restorer, "the restore consumer");
        closeQuietly(admin, "the admin client");
        closeQuietly(externalSinks, "the external sinks");
        try {
            // DEFAULT: a dynamic member leaves, a static one stays (KIP-1092)
            consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(5))
                    .withGroupMembershipOperation(leaveGroup ? GroupMembershipOperation.LEAVE_GROUP
                            : GroupMembershipOperation.DEFAULT));
        } catch (RuntimeException e) {
            log.warn("{}: closing the consumer failed", name, e);
        }
    }

    private void closeQuietly(AutoCloseable closeable, String what) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.warn("{}: closing {} failed", name, what, e);
        }
    }
}
