package dev.eos.testkit.driver;

import dev.eos.AppMetrics;
import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.store.StateStore;
import dev.eos.store.Windowed;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;

/**
 * Runs a {@link Pipeline} deterministically, with no broker: the real Eos runtime (its processing
 * loop, transactions, tasks and commit protocol) against an in-memory Kafka cluster with real
 * transactional semantics, on the test's thread and on a wall clock that moves only when the
 * test (or a fault) moves it.
 *
 * <p>The driver plays one app instance with {@code num.threads} processing threads (indexes
 * 0..n-1, stepped round robin). Output becomes visible to {@link TestOutput} only when the
 * runtime commits its transaction and the transaction's markers land, as for a read_committed
 * consumer of a real cluster; they land at the end of every step round unless held
 * ({@link #transactionMarkers()}). {@link #crashAndRestart()} kills the instance without any
 * cleanup and starts a new one with the same {@code instance.id}; {@link #restartCleanly()}
 * closes it as {@code EosApp.close()} does instead. Exactly-once says the committed output is
 * the same as if nothing had happened.
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
 * <p>{@link #injectFault(Fault)} strikes inside a step instead: a crash at a point of the commit
 * protocol, a failed commit, a fenced producer, a stop request mid-batch, a failed offset
 * lookup, an expulsion from the group, a slow restore.
 *
 * <p>{@link #startSecondInstance()} starts a second instance in the same group (its
 * {@code instance.id} is the primary's plus {@value #SECOND_INSTANCE_SUFFIX}), as a scale-out
 * does; {@link #stopSecondInstance()} and {@link #crashSecondInstance()} scale in again. Both
 * are stepped round robin, the primary first. Restarts, expulsions, faults and
 * {@link #primaryMetrics()} concern the primary only.
 *
 * <p><b>Time.</b> The cluster lives on the driver clock too: a transaction open longer than its
 * producer's {@code transaction.timeout.ms} is aborted by the coordinator, which fences that
 * producer. {@code max.poll.interval.ms} counts only clock moves made while a step runs (a slow
 * restore, a processor moving the clock): between steps the app is taken to be idle in
 * {@code poll()}.
 *
 * <p>Not thread safe: call it from one thread. At most two instances.
 */
public final class PipelineTestDriver implements AutoCloseable {
    /** Upper bound on the steps {@link #runUntilIdle()} takes before it gives up. */
    public static final int MAX_STEPS_UNTIL_IDLE = 10_000;

    /** Appended to the primary's {@code instance.id} (and thread names) for the second instance. */
    public static final String SECOND_INSTANCE_SUFFIX = "-b";

    private final LogicalPlan plan;
    private final EosConfig config;
    private final ManualClock clock;
    private final InMemoryKafka kafka;
    private final AppInstances instances;
    private final DriverParts parts;
    private boolean closed;

    private PipelineTestDriver(Builder builder) {
        this.config = builder.config;
        this.plan = builder.plan.resolve(config.applicationId());
        // As EosApp.create does: combinations that would break exactly-once are refused.
        dev.eos.internal.runtime.StartupChecks.refuseDeadLettersWithOffsetOwningSinks(plan, config);
        this.parts = DriverParts.assemble(plan, config, builder.wallClockStart,
                DriverTopics.withPipelineTopics(plan, config, builder.topics),
                DriverState.create(plan, builder.stateDir, builder.storeEngine), builder.clientDecorator);
        this.clock = parts.clock();
        this.kafka = parts.kafka();
        this.instances = parts.instances();
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
        return new TestInput<>(kafka, DriverTopics.require(kafka, topic), keySerde, valueSerde, clock);
    }

    /**
     * A typed read_committed reader of {@code topic}.
     *
     * @throws IllegalArgumentException if the driver has no such topic
     */
    public <K, V> TestOutput<K, V> output(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new TestOutput<>(kafka, DriverTopics.require(kafka, topic), keySerde, valueSerde);
    }

    // ---- stepping

    /**
     * Steps every live processing thread once, the primary's and then the second instance's:
     * each polls, processes what it got and commits if its commit is due. Then the coordinator
     * aborts transactions past their timeout and the markers land, unless held. An injected
     * crash ends the round and restarts the instance as {@link #crashAndRestart()} does; a stop
     * request restarts the primary as {@link #restartCleanly()} does.
     *
     * @throws RuntimeException what a thread's step threw, if the runtime found it fatal (such as
     *                          an exception from user code under the {@code fail} handler); that
     *                          thread is then dead and is not stepped again
     */
    public void stepOnce() {
        ensureOpen();
        parts.loop().round();
    }

    /**
     * Steps rounds until one changes nothing in the cluster (no record, marker or committed
     * offset) while no transaction is open, no marker is pending and every source record is
     * committed as consumed. Crashes and stops restart the instance as in {@link #stepOnce()}.
     *
     * <p>Work no step can move is freed as time would free it: held markers are delivered;
     * failing that, an open transaction (a crashed instance's) is waited out: the wall clock is
     * advanced to its {@code transaction.timeout.ms} expiry, and the coordinator aborts it.
     *
     * @throws IllegalStateException if that does not happen within {@value #MAX_STEPS_UNTIL_IDLE}
     *                               steps (a pipeline feeding its own input, say), naming the work
     *                               still pending; or if no thread is alive
     * @throws RuntimeException      what a thread's step threw, as in {@link #stepOnce()}
     */
    public void runUntilIdle() {
        ensureOpen();
        parts.loop().runUntilIdle(MAX_STEPS_UNTIL_IDLE);
    }

    /**
     * Moves the wall clock the runtime and the cluster read (for {@code commit.interval.ms},
     * punctuators and transaction timeouts) forward; nothing runs until the next step. Moving it
     * past {@code transaction.timeout.ms} while a thread holds an open transaction makes the
     * coordinator abort that transaction, as a real one would.
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

    // ---- the primary instance

    /**
     * Crashes the primary instance and starts a new one with the same {@code instance.id}: the
     * threads are never called again and the group drops their members at once; the new
     * threads, with the same transactional ids, fence the old producers (aborting their open
     * transactions) and resume from the committed offsets. Nothing runs until the next step.
     */
    public void crashAndRestart() {
        ensureOpen();
        instances.crashAndRestartPrimary();
    }

    /**
     * Closes the primary instance cleanly and starts a new one with the same {@code instance.id},
     * as {@code EosApp.close()} and a new {@code EosApp} do: every thread is asked to stop, then
     * shut down (committing its in-flight work and leaving the group). Nothing runs until the
     * next step.
     */
    public void restartCleanly() {
        ensureOpen();
        instances.restartPrimaryCleanly();
        parts.markers().afterAction();
    }

    /**
     * Removes the primary's thread {@code thread} from the group, as when its session timed out,
     * while the thread keeps running: its commits are refused until its next poll, where it
     * learns that its partitions were lost and joins again. Mid-step: {@link Fault#expelAfterRecordsSent(int)}.
     *
     * @throws IllegalArgumentException if the primary has no thread {@code thread}
     * @throws IllegalStateException    if that thread has no member in the group
     */
    public void expelFromGroup(int thread) {
        ensureOpen();
        instances.expelPrimaryThread(thread);
    }

    /** For schedules: expels the primary's thread {@code thread} modulo its threads, if it has a member now. */
    void expelIfMember(int thread) {
        ensureOpen();
        instances.expelIfMember(thread);
    }

    /**
     * Arms {@code fault}, replacing any one-shot fault armed before that has not fired yet (a
     * {@linkplain Fault#slowRestore slow restore} is armed alongside it). It fires once, inside a
     * later step, in the first processing thread of the primary that reaches its point.
     */
    public void injectFault(Fault fault) {
        ensureOpen();
        Objects.requireNonNull(fault, "fault").armOn(parts.faults(), instances);
    }

    /** Whether a one-shot fault was injected and has not fired yet. */
    public boolean faultPending() {
        return parts.faults().armed();
    }

    /**
     * The markers of ended transactions: hold them back, see which are pending, deliver them in
     * any order ({@link MarkerDelivery}).
     */
    public MarkerDelivery transactionMarkers() {
        ensureOpen();
        return parts.markers();
    }

    // ---- the second instance

    /**
     * Starts a second instance: its threads register their transactional ids (aborting what a
     * crashed second instance left open) and join the group; at their next poll both instances
     * revoke and take their share of the range assignment. Nothing runs until the next step.
     *
     * @throws IllegalStateException if a second instance is already running
     */
    public void startSecondInstance() {
        ensureOpen();
        instances.startSecond();
    }

    /**
     * Shuts the second instance down cleanly, as {@code EosApp.close()} does: each thread commits
     * its in-flight work and leaves the group; its partitions move back to the primary.
     *
     * @throws IllegalStateException if no second instance is running
     */
    public void stopSecondInstance() {
        ensureOpen();
        instances.stopSecond();
        parts.markers().afterAction();
    }

    /**
     * Crashes the second instance, without a restart: the group drops its members at once, so
     * the primary takes over at its next poll, but its open transactions hold the last stable
     * offsets of what they wrote back until {@code transaction.timeout.ms} passes on the wall
     * clock (the coordinator aborts them) or a second instance starts again.
     *
     * @throws IllegalStateException if no second instance is running
     */
    public void crashSecondInstance() {
        ensureOpen();
        instances.crashSecond();
    }

    /** Whether a second instance is running. */
    public boolean secondInstanceRunning() {
        return instances.secondRunning();
    }

    /**
     * The partitions the group's current generation assigns to the primary instance; its threads
     * take them over at their next poll.
     */
    public Set<TopicPartition> primaryAssignment() {
        return instances.primaryAssignment();
    }

    /**
     * The partitions the group's current generation assigns to the second instance; empty if
     * none is running.
     */
    public Set<TopicPartition> secondInstanceAssignment() {
        return instances.secondAssignment();
    }

    /** What the primary instance's threads did, over all its incarnations. */
    public AppMetrics primaryMetrics() {
        return instances.primaryCounters().snapshot();
    }

    /** What second instances' threads did, over all of them started so far. */
    public AppMetrics secondInstanceMetrics() {
        return instances.secondCounters().snapshot();
    }

    // ---- state

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
    public <K, V> Map<Windowed<K>, V> windowStore(String name) {
        ensureOpen();
        return StoreSnapshots.windows(name, shards(name));
    }

    private List<StateStore> shards(String name) {
        if (!plan.stores().containsKey(name)) {
            throw new IllegalArgumentException("The pipeline has no state store '" + name + "'; it has "
                    + plan.stores().keySet());
        }
        return instances.stores(name);
    }

    /**
     * Shuts the running instances (the second first, then the primary) down as
     * {@code EosApp.close()} does: in-flight work is committed, and its markers land.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        parts.faults().disarm();
        try {
            instances.close();
        } finally {
            parts.markers().release();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("The driver of " + config.applicationId() + " is closed");
        }
    }

    /**
     * Describes a {@link PipelineTestDriver}: its topics, the wall-clock start, where its stores live.
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

    }
}
