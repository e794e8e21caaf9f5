package dev.eos;

import dev.eos.dsl.Pipeline;
import dev.eos.internal.access.AccessErrors;
import dev.eos.internal.metrics.EosMetricsRegistry;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.AppStateMachine;
import dev.eos.internal.runtime.AppThreads;
import dev.eos.internal.runtime.ClientConfigs;
import dev.eos.internal.runtime.CrashedMemberRelease;
import dev.eos.internal.runtime.GuaranteeChecks;
import dev.eos.internal.runtime.HealthCheck;
import dev.eos.internal.runtime.TaskFactory;
import dev.eos.internal.topics.InternalTopics;
import dev.eos.internal.state.LocalState;
import dev.eos.internal.state.RocksDbPresence;
import dev.eos.internal.runtime.ProcessingThread;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.internal.runtime.StartupChecks;
import dev.eos.spi.KafkaClientFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import dev.eos.internal.query.StoreQueries;
import dev.eos.query.HostInfo;
import dev.eos.query.InstanceMetadata;
import dev.eos.query.KeyQueryMetadata;
import dev.eos.query.QueryableStoreType;
import dev.eos.query.StoreQuery;
import org.apache.kafka.common.serialization.Serializer;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Eos application: a {@link Pipeline} executed exactly once by
 * {@code num.threads} processing threads, each with a read_committed consumer in group
 * {@code application.id} and one transactional producer. Start more instances with the same
 * {@code application.id} to scale out; Kafka's consumer group spreads the partitions.
 *
 * <pre>{@code
 * EosConfig config = EosConfig.builder()
 *         .applicationId("page-lengths")
 *         .bootstrapServers("localhost:9092")
 *         .build();
 * try (EosApp app = EosApp.create(pipeline, config)) {
 *     app.setStateListener((now, before) -> log.info("{} -> {}", before, now));
 *     app.start();
 *     ...
 * } // close() commits in-flight work and leaves the group
 * }</pre>
 */
public final class EosApp implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EosApp.class);

    private final LogicalPlan plan;
    private final EosConfig config;
    private final KafkaClientFactory clients;
    private final Clock clock;
    private final AppStateMachine state;
    private final RuntimeCounters counters;
    private final AppThreads threads;
    private final HealthCheck healthCheck;
    private volatile UncaughtErrorHandler uncaughtErrorHandler = error -> UncaughtErrorPolicy.SHUTDOWN_APP;
    private volatile Throwable fatalError;
    private LocalState localState;
    private final StoreQueries queries;

    private EosApp(Pipeline pipeline, EosConfig config, KafkaClientFactory clients, Clock clock) {
        Objects.requireNonNull(pipeline, "pipeline");
        if (!(pipeline instanceof LogicalPlan p)) {
            throw new IllegalArgumentException("Build the pipeline with PipelineBuilder.build()");
        }
        this.config = Objects.requireNonNull(config, "config");
        this.plan = p.resolve(config.applicationId());
        StartupChecks.refuseDeadLettersWithOffsetOwningSinks(plan, config);
        RocksDbPresence.requireForPersistentStores(plan);
        this.clients = Objects.requireNonNull(clients, "clients");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.state = new AppStateMachine(config.applicationId());
        this.counters = new RuntimeCounters(EosMetricsRegistry.withJmx());
        this.threads = new AppThreads(config, clients, clock, counters, state, this::onThreadDeath);
        EosMetricsRegistry registry = counters.registry();
        registry.appGauge(config.applicationId(), "alive-stream-threads", "processing threads alive",
                (Gauge<Integer>) (c, now) -> threads.alive());
        registry.appGauge(config.applicationId(), "state", "the app's state (AppState)",
                (Gauge<String>) (c, now) -> state.state().name());
        this.healthCheck = new HealthCheck(config);
        this.queries = new StoreQueries(plan, config, clients, state::state);
    }

    /**
     * An app with real Kafka clients.
     *
     * @throws dev.eos.errors.ConfigException if the config cannot run this pipeline, e.g. a
     *         {@code dead_letter} error handler with an external sink that keeps its source offsets
     * @throws dev.eos.errors.MissingDependencyException if the pipeline has a persistent store and
     *         RocksDB ({@code org.rocksdb:rocksdbjni}) is not on the classpath
     */
    public static EosApp create(Pipeline pipeline, EosConfig config) {
        return builder(pipeline, config).build();
    }

    /** For tests and embedding: choose the client factory and the clock. */
    public static Builder builder(Pipeline pipeline, EosConfig config) {
        return new Builder(pipeline, config);
    }

    /** Called on every state change; set it before {@link #start()} to see them all. */
    public void setStateListener(StateListener listener) {
        state.setListener(Objects.requireNonNull(listener, "listener"));
    }

    /** Decides what happens when a thread dies; the default shuts the app down. */
    public void setUncaughtErrorHandler(UncaughtErrorHandler handler) {
        this.uncaughtErrorHandler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Checks that the topics exist and starts the processing threads.
     *
     * @throws dev.eos.errors.MissingTopicException if a source, output or dead-letter topic is
     *         missing; the app is then in {@link AppState#ERROR} and nothing was consumed
     * @throws dev.eos.errors.MissingAclException if the cluster refused an operation for lack of
     *         an ACL; the message names the ACL to grant
     * @throws IllegalStateException if the app was started before
     */
    public void start() {
        if (!state.moveTo(AppState.STARTING)) {
            throw new IllegalStateException("start() may be called once, on a CREATED app; the app is " + state.state());
        }
        TaskFactory taskFactory;
        try (Admin admin = clients.admin(new ClientConfigs(config).admin(config.applicationId() + "-admin"))) {
            StartupChecks.verifyTopicsExist(admin, plan, config);
            InternalTopics.ensure(admin, plan, config);
            CrashedMemberRelease.releaseIfCrashed(admin, config);
            for (String weakness : GuaranteeChecks.weaknesses(admin, plan, config)) {
                log.warn("Eos app {}: {}", config.applicationId(), weakness);
            }
            localState = LocalState.open(plan, config, clock);
            taskFactory = localState.taskFactory(plan, config.applicationId());
        } catch (RuntimeException e) {
            RuntimeException reported = AccessErrors.explain(e, plan, config);
            fatalError = reported;
            state.moveTo(AppState.ERROR);
            // its JMX beans would keep this app reachable until close(), which a caller retrying
            // with a new app may never call
            counters.registry().close();
            throw reported;
        }
        log.info("Starting Eos app {} (instance {}) with {} thread(s), {}\n{}", config.applicationId(),
                config.instanceId(), config.numThreads(), config, plan.describe());
        threads.startAll(taskFactory);
    }

    /** The {@code application.id} this app runs as (its consumer group, its metrics' {@code application-id} tag). */
    public String applicationId() {
        return config.applicationId();
    }

    public AppState state() {
        return state.state();
    }

    /** The error that moved the app to {@link AppState#ERROR}, if any. */
    public Throwable fatalError() {
        return fatalError;
    }

    /**
     * The app's health, for liveness and readiness probes: {@link Health.Status#UP} when every
     * thread processes its partitions; {@link Health.Status#RESTORING} while stores of new tasks
     * are restored; {@link Health.Status#REBALANCING} while the group moves partitions;
     * {@link Health.Status#DOWN} when the app is not started, closing, closed or failed, a thread
     * died and was not replaced, a thread is fenced repeatedly by another producer with its
     * transactional id, or a thread is stuck (records it fetched have waited
     * {@code health.stuck.after.ms} without a commit). Cheap enough to call on every probe; see
     * docs/how-to/health.md.
     *
     * <pre>{@code
     * Health health = app.health();
     * boolean live = health.isLive();   // not DOWN
     * boolean ready = health.isReady(); // UP
     * }</pre>
     */
    public Health health() {
        List<HealthCheck.ThreadView> views = threads.healthViews();
        return healthCheck.evaluate(state.state(), threads.closing(), fatalError, views, clock.millis());
    }

    /**
     * A read-only view of store {@code storeName} over the shards this instance hosts, serving
     * committed state only (see {@link dev.eos.query}). The view follows tasks as they move: it
     * reads whatever this instance hosts at each call.
     *
     * <pre>{@code
     * ReadOnlyKeyValueStore<String, Long> counts = app.store("counts", QueryableStoreTypes.keyValueStore());
     * }</pre>
     *
     * @throws IllegalArgumentException if the pipeline has no store of that name and type
     */
    public <T> T store(String storeName, QueryableStoreType<T> type) {
        return queries.view(StoreQuery.of(storeName, type));
    }

    /** {@link #store(String, QueryableStoreType)} with options, e.g. one partition's shard only. */
    public <T> T store(StoreQuery<T> query) {
        return queries.view(Objects.requireNonNull(query, "query"));
    }

    /**
     * The instance that owns {@code key} in store {@code storeName}: the one whose consumer is
     * assigned the key's partition, found from the consumer group (every instance publishes its
     * {@code application.server} there). The partition is the default partitioner's
     * (murmur2 of the serialized key), as for a key written by a producer without a custom
     * partitioner.
     *
     * @throws dev.eos.errors.StoreUnavailableException (REBALANCING) while the partition has no
     *         owner, (NOT_RUNNING) before start or after close
     * @throws IllegalStateException if the owner set no {@code application.server}
     */
    public <K> KeyQueryMetadata metadataForKey(String storeName, K key, Serializer<K> keySerializer) {
        return queries.metadataForKey(storeName, key, keySerializer);
    }

    /** Every instance of the app in the consumer group, with the store partitions it hosts. */
    public Collection<InstanceMetadata> allMetadata() {
        return queries.allMetadata();
    }

    /** This instance's {@code application.server}, if set. */
    public Optional<HostInfo> localHost() {
        return config.applicationServer();
    }

    /** Counters summed over the app's threads; {@link #kafkaMetrics()} has every metric. */
    public AppMetrics metrics() {
        return counters.snapshot();
    }

    /**
     * Every metric of the app: Eos's own (groups {@code eos-app-metrics}, {@code eos-thread-metrics},
     * {@code eos-task-metrics}; also in JMX under the domain {@code dev.eos}) and those of every Kafka
     * client the app holds now (consumers, producers, restore consumers, admin clients). Each call
     * takes a fresh view: clients recreated after fencing and tasks that moved are followed. Empty
     * once the app is closed.
     *
     * <pre>{@code
     * app.kafkaMetrics().forEach((name, metric) -> {
     *     if (name.name().equals("commit-latency-avg")) {
     *         System.out.println(name.tags() + " " + metric.metricValue());
     *     }
     * });
     * }</pre>
     */
    public Map<MetricName, ? extends Metric> kafkaMetrics() {
        return java.util.Collections.unmodifiableMap(counters.registry().all());
    }

    /**
     * Waits until the app reaches {@code wanted}.
     *
     * @return whether it did within {@code timeout}
     */
    public boolean awaitState(AppState wanted, Duration timeout) throws InterruptedException {
        return state.await(wanted, timeout.toMillis());
    }

    /**
     * {@link #close(CloseOptions)} with {@link CloseOptions#leaveGroup()}: waits up to 30 seconds,
     * and the app's partitions move to the other instances at once.
     */
    @Override
    public void close() {
        close(CloseOptions.leaveGroup());
    }

    /**
     * {@link #close(CloseOptions)} with {@link CloseOptions#leaveGroup()} and {@code timeout}.
     *
     * @return whether every thread stopped within {@code timeout}
     */
    public boolean close(Duration timeout) {
        return close(CloseOptions.leaveGroup().withTimeout(timeout));
    }

    /**
     * Stops the threads; each commits the work it has in flight, then closes its clients, its
     * consumer leaving the group or not as {@code options} say (see {@link CloseOptions}).
     *
     * <pre>{@code
     * app.close(CloseOptions.remainInGroup());   // a rolling restart with the same instance.id
     * }</pre>
     *
     * @return whether every thread stopped within {@link CloseOptions#timeout()}
     */
    public boolean close(CloseOptions options) {
        Objects.requireNonNull(options, "options");
        Duration timeout = options.timeout();
        boolean allStopped = threads.stop(options.leavesGroup(), timeout);
        if (!allStopped) {
            if (localState != null) {
                localState.stopCleaning();
            }
            log.warn("Eos app {}: not every thread stopped within {}; local state stays locked until they do",
                    config.applicationId(), timeout);
        } else if (localState != null) {
            localState.close();
            localState = null;
        }
        state.moveTo(AppState.CLOSED);
        counters.registry().close();
        return allStopped;
    }

    /** A thread died: replace it or shut the app down, as the uncaught-error handler says. */
    private void onThreadDeath(ProcessingThread thread, Throwable error) {
        UncaughtErrorPolicy policy;
        try {
            policy = uncaughtErrorHandler.handle(error);
        } catch (RuntimeException e) {
            log.error("The uncaught-error handler failed; shutting the app down", e);
            policy = UncaughtErrorPolicy.SHUTDOWN_APP;
        }
        AppState current = state.state();
        if (current == AppState.CLOSED || current == AppState.ERROR) {
            return;
        }
        if (threads.closing()) {
            return;
        }
        if (policy == UncaughtErrorPolicy.REPLACE_THREAD && threads.contains(thread)) {
            log.warn("Eos app {}: replacing thread {} after: {}", config.applicationId(), thread.name(), error.toString());
            threads.replace(thread);
            return;
        }
        fatalError = error;
        log.error("Eos app {}: shutting down after a fatal error in {}", config.applicationId(), thread.name(), error);
        state.moveTo(AppState.ERROR);
        threads.stopAllBut(thread);
    }

    /**
     * Options for {@link EosApp} beyond its config.
     *
     * <pre>{@code
     * EosApp app = EosApp.builder(pipeline, config).clientFactory(KafkaClientFactory.real()).build();
     * }</pre>
     */
    public static final class Builder {
        private final Pipeline pipeline;
        private final EosConfig config;
        private KafkaClientFactory clients = KafkaClientFactory.real();
        private Clock clock = Clock.systemUTC();

        private Builder(Pipeline pipeline, EosConfig config) {
            this.pipeline = pipeline;
            this.config = config;
        }

        /** Where the runtime gets its Kafka clients; the default creates real ones. */
        public Builder clientFactory(KafkaClientFactory factory) {
            this.clients = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** The clock the runtime reads commit intervals from; the default is the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public EosApp build() {
            return new EosApp(pipeline, config, clients, clock);
        }
    }
}
