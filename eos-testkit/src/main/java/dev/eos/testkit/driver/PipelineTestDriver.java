package dev.eos.testkit.driver;

import dev.eos.AppMetrics;
import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.ProcessingThread;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.internal.runtime.StartupChecks;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.driver.internal.FaultHooks;
import dev.eos.testkit.driver.internal.InMemoryAdmin;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import dev.eos.testkit.driver.internal.InjectedCrash;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.Objects;
import java.util.OptionalInt;
import dev.eos.internal.topics.TopicLayout;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs a {@link Pipeline} deterministically, with no broker: the real Eos runtime (its processing
 * loop, transactions, tasks and commit protocol) against an in-memory Kafka cluster with real
 * transactional semantics, on the test's thread and on a wall clock that moves only when the
 * test moves it.
 *
 * <p>The driver plays one app instance with {@code num.threads} processing threads (indexes
 * 0..n-1, stepped round robin). Output becomes visible to {@link TestOutput} only when the
 * runtime commits its transaction, exactly as for a read_committed consumer of a real cluster.
 * {@link #crashAndRestart()} kills the instance without any cleanup and starts a new one with the
 * same {@code instance.id}; the exactly-once guarantee says the committed output is then the same
 * as if nothing had happened.
 *
 * <pre>{@code
 * EosConfig config = EosConfig.builder().applicationId("shout").bootstrapServers("unused:9092").build();
 * try (PipelineTestDriver driver = PipelineTestDriver.builder(pipeline, config)
 *         .topic("in", 2).topic("out", 2)
 *         .build()) {
 *     TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
 *     TestOutput<String, String> out = driver.output("out", Serdes.String(), Serdes.String());
 *     in.send("k", "hello");
 *     driver.stepOnce();          // processed, not yet committed
 *     driver.crashAndRestart();   // the open transaction is aborted
 *     driver.runUntilIdle();      // processed again and committed
 *     assertThat(out.readKeyValues()).containsExactly(KeyValue.of("k", "HELLO"));
 * }
 * }</pre>
 *
 * <p>{@link #injectFault(Fault)} strikes inside a step instead: a crash at a chosen point of the
 * commit protocol (the driver then restarts the instance as {@code crashAndRestart()} does), a
 * failed commit, or a fenced producer.
 *
 * <p>{@link #startSecondInstance()} starts a second instance of the app in the same consumer
 * group (its {@code instance.id} is the primary's plus {@value #SECOND_INSTANCE_SUFFIX}), as a
 * scale-out does: the group rebalances and partitions move to it. {@link #stopSecondInstance()}
 * (a clean shutdown) and {@link #crashSecondInstance()} (its session expires) scale in again.
 * Both instances are stepped round robin, the primary first; {@link #crashAndRestart()},
 * {@link #injectFault(Fault)} and {@link #primaryMetrics()} concern the primary only.
 *
 * <pre>{@code
 * in.send("k1", "a");
 * driver.stepOnce();                // the primary processed "a", not yet committed
 * driver.startSecondInstance();     // the group rebalances
 * driver.runUntilIdle();            // partitions move; "a" is committed exactly once
 * assertThat(driver.secondInstanceAssignment()).isNotEmpty();
 * driver.stopSecondInstance();      // its partitions move back to the primary
 * }</pre>
 *
 * <p>Not thread safe: call it from one thread. Limits of this version: at most two instances;
 * no access to state stores or stream time.
 */
public final class PipelineTestDriver implements AutoCloseable {
    /** Upper bound on the steps {@link #runUntilIdle()} takes before it gives up. */
    public static final int MAX_STEPS_UNTIL_IDLE = 10_000;

    /** Appended to the primary's {@code instance.id} (and thread names) for the second instance. */
    public static final String SECOND_INSTANCE_SUFFIX = "-b";

    private final LogicalPlan plan;
    private final EosConfig config;
    private final InMemoryKafka kafka = new InMemoryKafka();
    private final ManualClock clock;
    private final FaultHooks faults = new FaultHooks();
    private final KafkaClientFactory clients;
    private final RuntimeCounters counters = new RuntimeCounters();
    private SteppedInstance instance;
    private InstanceState instanceState;
    private InstanceState secondInstanceState;
    private int incarnation;
    /** One state directory per instance (primary, second), kept across crashes and restarts. */
    private final DriverState state;
    /** The second instance's config: the primary's with its own instance.id. */
    private final EosConfig secondConfig;
    /** Its own fault hooks, never armed: injected faults strike the primary only. */
    private final KafkaClientFactory secondClients;
    private final RuntimeCounters secondCounters = new RuntimeCounters();
    /** The second instance, or null while it is not running. */
    private SteppedInstance second;
    /** How many second instances were started; the next one's incarnation. */
    private int secondStarts;
    private boolean closed;

    private PipelineTestDriver(Builder builder) {
        this.config = builder.config;
        this.plan = builder.plan.resolve(config.applicationId());
        this.clock = new ManualClock(builder.wallClockStart);
        this.clients = decorated(builder, new InMemoryClientFactory(kafka, clock, faults));
        for (Map.Entry<String, Integer> topic : builder.allTopics().entrySet()) {
            kafka.createTopic(topic.getKey(), topic.getValue());
        }
        try (InMemoryAdmin admin = new InMemoryAdmin(kafka)) {
            // EosApp.start()'s topic check; its durability checks (replication and the like)
            // say nothing about a cluster without replicas, so they are not run.
            StartupChecks.verifyTopicsExist(admin, plan, config);
        }
        createInternalTopics();
        this.state = DriverState.create(plan, builder.stateDir, builder.storeEngine);
        this.instanceState = openState(config, "primary");
        this.instance = new SteppedInstance(config, instanceState.taskFactory(), clients, clock, counters, "",
                incarnation);
        Map<String, Object> secondValues = new LinkedHashMap<>(config.originals());
        secondValues.put(EosConfig.INSTANCE_ID, config.instanceId() + SECOND_INSTANCE_SUFFIX);
        this.secondConfig = EosConfig.from(secondValues);
        this.secondClients = decorated(builder, new InMemoryClientFactory(kafka, clock, new FaultHooks()));
    }

    private static KafkaClientFactory decorated(Builder builder, KafkaClientFactory inMemory) {
        return Objects.requireNonNull(builder.clientDecorator.apply(inMemory),
                "the client decorator returned null; return the factory it was given to change nothing");
    }

    /**
     * Starts describing a driver for {@code pipeline}.
     *
     * @param pipeline a pipeline from {@code PipelineBuilder.build()}
     * @param config   the app's config; {@code bootstrap.servers} is required but never used
     * @throws IllegalArgumentException if the pipeline was not built by {@code PipelineBuilder}
     */
    public static Builder builder(Pipeline pipeline, EosConfig config) {
        return new Builder(pipeline, config);
    }

    /**
     * A typed writer to {@code topic}.
     *
     * @throws IllegalArgumentException if the driver has no such topic
     */
    public <K, V> TestInput<K, V> input(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new TestInput<>(kafka, requireTopic(topic), keySerde, valueSerde, clock);
    }

    /**
     * A typed read_committed reader of {@code topic}.
     *
     * @throws IllegalArgumentException if the driver has no such topic
     */
    public <K, V> TestOutput<K, V> output(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new TestOutput<>(kafka, requireTopic(topic), keySerde, valueSerde);
    }

    /**
     * Steps every live processing thread once, the primary's and then the second instance's, if
     * one runs: each polls, processes what it got and commits if
     * its commit is due (the commit interval passed on the wall clock, the transaction is full,
     * or its input is drained).
     *
     * <p>If an injected crash strikes, the rest of the round is not run and the instance is
     * restarted as by {@link #crashAndRestart()}.
     *
     * @throws RuntimeException what a thread's step threw, if the runtime found it fatal (such as
     *                          an exception from user code under the {@code fail} handler); that
     *                          thread is then dead and is not stepped again
     */
    public void stepOnce() {
        ensureOpen();
        stepRound();
    }

    /** One round: the primary's threads, then the second instance's; a crash ends the round. */
    private boolean stepRound() {
        try {
            instance.stepAll();
        } catch (InjectedCrash crash) {
            restart();
            return false;
        }
        if (second != null) {
            try {
                second.stepAll();
            } catch (InjectedCrash crash) {
                crashSecond();
                return false;
            }
        }
        return true;
    }

    /**
     * Steps the threads round robin until a round changes nothing in the cluster (no record, no
     * commit marker, no committed offset) while no transaction is open and every source record
     * is committed as consumed. An injected crash restarts the instance, as in {@link #stepOnce()},
     * and the run goes on.
     *
     * @throws IllegalStateException if that does not happen within {@value #MAX_STEPS_UNTIL_IDLE}
     *                               steps (a pipeline feeding its own input, say), naming the work
     *                               still pending; or if no thread is alive
     * @throws RuntimeException      what a thread's step threw, as in {@link #stepOnce()}
     */
    public void runUntilIdle() {
        ensureOpen();
        int steps = 0;
        while (true) {
            if (instance.liveThreads() == 0) {
                throw new IllegalStateException("No processing thread of " + config.applicationId()
                        + " is alive; a step failed earlier. Call crashAndRestart() to start a new instance.");
            }
            ClusterProgress before = ClusterProgress.of(kafka, config.applicationId());
            steps += instance.liveThreads() + (second == null ? 0 : second.liveThreads());
            if (!stepRound()) {
                continue;
            }
            boolean moved = !before.equals(ClusterProgress.of(kafka, config.applicationId()));
            List<String> pending = ClusterProgress.pendingWork(kafka, config.applicationId(), plan.consumedTopics());
            if (!moved && pending.isEmpty()) {
                return;
            }
            if (steps >= MAX_STEPS_UNTIL_IDLE) {
                throw new IllegalStateException("runUntilIdle(): the pipeline of " + config.applicationId()
                        + " was not idle after " + steps + " steps; still pending: " + pending
                        + ". A pipeline that writes to its own input never goes idle: drive it with stepOnce().");
            }
        }
    }

    /**
     * Moves the wall clock the runtime reads (for {@code commit.interval.ms} and transaction
     * timeouts) forward; nothing runs until the next step.
     *
     * @throws IllegalArgumentException if {@code by} is negative
     */
    public void advanceWallClock(Duration by) {
        clock.advance(Objects.requireNonNull(by, "by"));
    }

    /** The wall-clock time the runtime sees now. */
    public Instant wallClockTime() {
        return clock.instant();
    }

    /**
     * Crashes the running instance and starts a new one with the same {@code instance.id}.
     *
     * <p>The crash does nothing a dying process could not skip: the threads are never called
     * again, their transactions stay open and the group drops their members as when their
     * sessions expire. The new instance's threads, with the same indexes and so the same
     * transactional ids, fence the old producers (aborting their open transactions) and resume
     * from the committed offsets. Nothing runs until the next step.
     */
    public void crashAndRestart() {
        ensureOpen();
        restart();
    }

    /**
     * Arms {@code fault}, replacing any fault armed before that has not fired yet. It fires once,
     * inside a later step, in the first processing thread that reaches its point.
     */
    public void injectFault(Fault fault) {
        ensureOpen();
        Objects.requireNonNull(fault, "fault").armOn(faults, kafka);
    }

    /** Whether a fault was injected and has not fired yet. */
    public boolean faultPending() {
        return faults.armed();
    }

    /**
     * Starts a second instance of the app: its threads (as many as the primary's) register the
     * transactional ids of {@code instance.id} + {@value #SECOND_INSTANCE_SUFFIX} and join the
     * group, so a new generation begins. At their next poll the primary's threads revoke their
     * partitions (committing in-flight work, which the group refuses as from a stale generation,
     * so it is aborted and processed again) and both instances take their share of the range
     * assignment. Nothing runs until the next step. A second instance started after one was
     * crashed fences the transactions the crashed one left open.
     *
     * @throws IllegalStateException if a second instance is already running
     */
    public void startSecondInstance() {
        ensureOpen();
        if (second != null) {
            throw new IllegalStateException("A second instance of " + config.applicationId()
                    + " is already running; stop or crash it first");
        }
        secondInstanceState = openState(secondConfig, "second");
        second = new SteppedInstance(secondConfig, secondInstanceState.taskFactory(), secondClients, clock,
                secondCounters, SECOND_INSTANCE_SUFFIX, secondStarts++);
    }

    /**
     * Shuts the second instance down cleanly, as {@code EosApp.close()} does: each thread commits
     * its in-flight work and leaves the group, whose partitions then move back to the primary at
     * its next poll.
     *
     * @throws IllegalStateException if no second instance is running
     */
    public void stopSecondInstance() {
        ensureOpen();
        SteppedInstance stopping = requireSecond("stop");
        second = null;
        try {
            stopping.shutDown();
        } finally {
            secondInstanceState.close();
            secondInstanceState = null;
        }
    }

    /**
     * Crashes the second instance as {@link #crashAndRestart()} crashes the primary, without the
     * restart: its threads are never called again, the group drops their members as when their
     * sessions expire, so the primary takes over all partitions at its next poll, and their open
     * transactions are aborted as when {@code transaction.timeout.ms} expires (the driver takes
     * both timeouts to have passed at once).
     *
     * @throws IllegalStateException if no second instance is running
     */
    public void crashSecondInstance() {
        ensureOpen();
        requireSecond("crash");
        crashSecond();
    }

    /** Whether a second instance is running. */
    public boolean secondInstanceRunning() {
        return second != null;
    }

    /**
     * The partitions the group's current generation assigns to the primary instance; its threads
     * take them over at their next poll.
     */
    public Set<TopicPartition> primaryAssignment() {
        return instance.assignment(kafka, config.applicationId());
    }

    /**
     * The partitions the group's current generation assigns to the second instance; empty if
     * none is running.
     */
    public Set<TopicPartition> secondInstanceAssignment() {
        return second == null ? Set.of() : second.assignment(kafka, config.applicationId());
    }

    /** What the primary instance's threads did, over all its incarnations. */
    public AppMetrics primaryMetrics() {
        return counters.snapshot();
    }

    /** What second instances' threads did, over all of them started so far. */
    public AppMetrics secondInstanceMetrics() {
        return secondCounters.snapshot();
    }

    private SteppedInstance requireSecond(String action) {
        if (second == null) {
            throw new IllegalStateException("Cannot " + action + " the second instance of " + config.applicationId()
                    + ": none is running; call startSecondInstance() first");
        }
        return second;
    }

    /**
     * The group drops the second instance's members; and since the model has no transaction
     * timeout and no instance with its {@code instance.id} comes back to fence it, the
     * coordinator's timeout is played here: each of its transactional ids is bumped to a new
     * epoch, which aborts the open transaction and fences the dead producer, as Kafka's abort
     * on {@code transaction.timeout.ms} does. (The ids come from the runtime's own
     * {@link ProcessingThread#transactionalId}.)
     */
    private void crashSecond() {
        second.crash(kafka, config.applicationId());
        second = null;
        secondInstanceState.crash();
        secondInstanceState = null;
        for (int i = 0; i < secondConfig.numThreads(); i++) {
            kafka.initTransactions(ProcessingThread.transactionalId(secondConfig, i));
        }
    }

    private InstanceState openState(EosConfig instanceConfig, String name) {
        return state.open(instanceConfig, name);
    }

    /** As {@code EosApp.start()} does: repartition topics and changelogs with their partition counts. */
    private void createInternalTopics() {
        TopicLayout layout = TopicLayout.compute(plan, config.applicationId(), topic -> kafka.topics().contains(topic)
                ? OptionalInt.of(kafka.partitionCount(topic)) : OptionalInt.empty());
        layout.repartitionPartitions().forEach(this::createIfMissing);
        layout.changelogPartitions().forEach(this::createIfMissing);
    }

    private void createIfMissing(String topic, int partitions) {
        if (!kafka.topics().contains(topic)) {
            kafka.createTopic(topic, partitions);
        }
    }

    /**
     * A snapshot of every entry of key-value store {@code name}, over all tasks of the running
     * instances (pending writes included; after {@link #runUntilIdle()} nothing is pending).
     *
     * <pre>{@code
     * driver.runUntilIdle();
     * Map<String, Long> counts = driver.keyValueStore("counts");
     * assertThat(counts).containsEntry("alice", 2L);
     * }</pre>
     */
    public <K, V> Map<K, V> keyValueStore(String name) {
        ensureOpen();
        return StoreSnapshots.keyValue(name, shards(name));
    }

    /** A snapshot of every window of window store {@code name}, over all tasks of the running instances. */
    public <K, V> Map<dev.eos.store.Windowed<K>, V> windowStore(String name) {
        ensureOpen();
        return StoreSnapshots.windows(name, shards(name));
    }

    private List<dev.eos.store.StateStore> shards(String name) {
        if (!plan.stores().containsKey(name)) {
            throw new IllegalArgumentException("The pipeline has no state store '" + name + "'; it has "
                    + plan.stores().keySet());
        }
        List<dev.eos.store.StateStore> shards = new ArrayList<>(instance.stores(name));
        if (second != null) {
            shards.addAll(second.stores(name));
        }
        return shards;
    }

    private void restart() {
        instance.crash(kafka, config.applicationId());
        instanceState.crash();
        incarnation++;
        instanceState = openState(config, "primary");
        instance = new SteppedInstance(config, instanceState.taskFactory(), clients, clock, counters, "",
                incarnation);
    }

    /**
     * Shuts the running instances (the second first, then the primary) down as
     * {@code EosApp.close()} does: in-flight work is committed.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        faults.disarm();
        SteppedInstance stopping = second;
        second = null;
        try {
            if (stopping != null) {
                stopping.shutDown();
                secondInstanceState.close();
                secondInstanceState = null;
            }
        } finally {
            try {
                instance.shutDown();
            } finally {
                instanceState.close();
                state.deleteIfTemporary();
            }
        }
    }

    private String requireTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!kafka.topics().contains(topic)) {
            throw new IllegalArgumentException("The driver has no topic '" + topic + "'; it has "
                    + new TreeSet<>(kafka.topics()) + ". Declare it with builder(...).topic(\""
                    + topic + "\", partitions).");
        }
        return topic;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The driver of " + config.applicationId() + " is closed");
        }
    }

    /**
     * Describes a {@link PipelineTestDriver}: its topics and the wall-clock start.
     *
     * <pre>{@code
     * PipelineTestDriver driver = PipelineTestDriver.builder(pipeline, config)
     *         .topic("in", 4)
     *         .wallClockStart(Instant.parse("2030-01-01T00:00:00Z"))
     *         .build();
     * }</pre>
     */
    public static final class Builder {
        private final LogicalPlan plan;
        private final EosConfig config;
        private final Map<String, Integer> topics = new LinkedHashMap<>();
        private Instant wallClockStart = Instant.parse("2030-01-01T00:00:00Z");
        private UnaryOperator<KafkaClientFactory> clientDecorator = UnaryOperator.identity();
        private InstanceState.StoreEngineChoice storeEngine = InstanceState.StoreEngineChoice.DURABLE_MEMORY;
        private Path stateDir;

        /**
         * Runs the stores on RocksDB, as {@code EosApp} does, in {@link #stateDir} or a temporary
         * directory. By default the driver keeps stores in memory and keeps their committed
         * state across crashes as a disk would: the same recovery (only the changelog tail is
         * restored), many times faster to open.
         */
        public Builder rocksDbStores() {
            this.storeEngine = InstanceState.StoreEngineChoice.ROCKS_DB;
            return this;
        }

        /**
         * Where the instances keep their stores (one sub-directory per instance); by default a
         * temporary directory deleted on {@link PipelineTestDriver#close()}.
         */
        public Builder stateDir(Path dir) {
            this.stateDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        private Builder(Pipeline pipeline, EosConfig config) {
            Objects.requireNonNull(pipeline, "pipeline");
            if (!(pipeline instanceof LogicalPlan p)) {
                throw new IllegalArgumentException("Build the pipeline with PipelineBuilder.build(); got "
                        + pipeline.getClass().getName());
            }
            this.plan = p;
            this.config = Objects.requireNonNull(config, "config");
        }

        /**
         * Creates {@code name} with {@code partitions} partitions. Topics the pipeline reads or
         * writes by name, and the dead-letter topic if a handler uses it, are created with one
         * partition unless declared here; declare topics chosen at run time by a topic-name
         * extractor.
         *
         * @throws IllegalArgumentException if {@code partitions} is below 1 or the topic was declared before
         */
        public Builder topic(String name, int partitions) {
            Objects.requireNonNull(name, "name");
            if (partitions < 1) {
                throw new IllegalArgumentException("Topic " + name + " needs at least 1 partition, got " + partitions);
            }
            if (topics.putIfAbsent(name, partitions) != null) {
                throw new IllegalArgumentException("Topic " + name + " was declared twice, with "
                        + topics.get(name) + " and " + partitions + " partitions");
            }
            return this;
        }

        /** Where the wall clock starts; default 2030-01-01T00:00:00Z. */
        public Builder wallClockStart(Instant start) {
            this.wallClockStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * Wraps the in-memory client factory the runtime gets its Kafka clients from: the
         * decorator is called once per instance (the primary's factory, which every restart
         * reuses, and the second instance's) with the driver's factory, and the runtime gets what
         * it returns. For tests of the driver itself, such as deliberately broken clients that an
         * exactly-once check must catch; the default changes nothing.
         *
         * <pre>{@code
         * PipelineTestDriver.builder(pipeline, config)
         *         .clientDecorator(inMemory -> new CountingClients(inMemory))
         *         .build();
         * }</pre>
         */
        public Builder clientDecorator(UnaryOperator<KafkaClientFactory> decorator) {
            this.clientDecorator = Objects.requireNonNull(decorator, "decorator");
            return this;
        }

        /**
         * Creates the topics, checks them as {@code EosApp.start()} does, and opens the processing
         * threads (registering their transactional ids and joining the group). Nothing is
         * processed until the first step.
         */
        public PipelineTestDriver build() {
            return new PipelineTestDriver(this);
        }

        private Map<String, Integer> allTopics() {
            Set<String> needed = new LinkedHashSet<>(plan.sourceTopics());
            needed.addAll(plan.sinkTopics());
            if (config.usesDeadLetterTopic()) {
                needed.add(config.deadLetterTopic());
            }
            Map<String, Integer> all = new LinkedHashMap<>(topics);
            needed.forEach(t -> all.putIfAbsent(t, 1));
            return all;
        }
    }
}
