package dev.eos.internal.state;

import dev.eos.state.KeyValueBytesStore;
import dev.eos.state.WindowBytesStore;
import dev.eos.store.StateStore;
import dev.eos.store.StoreSpec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store shards of one task, opened at their last committed state. The task's thread calls
 * {@link #commitAfterKafka()} once Kafka committed a transaction and {@link #rollback()} when it
 * aborted; nothing else changes what is durable.
 */
public final class TaskStores implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TaskStores.class);

    private final Map<String, ChangeloggedStore> stores;
    private final Set<String> timedByProcessor = new HashSet<>();
    /** The stores that follow the task's stream time: all but {@link #timedByProcessor}. */
    private ChangeloggedStore[] timedByTask;
    /** The values of {@link #stores}, for {@link #pendingBytes()}: the runtime asks after every record. */
    private final ChangeloggedStore[] storeArray;
    private final Path taskDir;
    private final Runnable onClose;

    private TaskStores(Map<String, ChangeloggedStore> stores, Path taskDir, Runnable onClose) {
        this.stores = Collections.unmodifiableMap(stores);
        this.storeArray = stores.values().toArray(new ChangeloggedStore[0]);
        this.timedByTask = storeArray;
        this.taskDir = taskDir;
        this.onClose = onClose;
    }

    public static TaskStores none() {
        return new TaskStores(Map.of(), null, () -> { });
    }

    /**
     * Opens every store of {@code specs} for task partition {@code partition} under {@code taskDir}.
     * A failure closes what was opened and rethrows; {@code onClose} runs when the stores are
     * closed (or when opening them failed).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static TaskStores open(Map<String, StoreSpec<?, ?>> specs, String applicationId, int partition,
                                  Path taskDir, StoreEngines engines,
                                  Function<ProducerRecord<byte[], byte[]>, Future<RecordMetadata>> sender,
                                  LongSupplier timestamps, Runnable onClose) {
        Map<String, ChangeloggedStore> opened = new LinkedHashMap<>();
        try {
            for (StoreSpec<?, ?> spec : specs.values()) {
                ChangelogWriter changelog = new ChangelogWriter(
                        new TopicPartition(spec.changelogTopic(applicationId), partition), sender);
                ChangeloggedStore store;
                if (spec.kind() == StoreSpec.Kind.WINDOW) {
                    WindowBytesStore engine = engines.openWindow(spec, taskDir);
                    long size = spec.windowSize().map(java.time.Duration::toMillis).orElse(0L);
                    store = new ChangeloggedWindowStore(spec, engine, changelog, timestamps, size);
                } else {
                    KeyValueBytesStore engine = engines.openKeyValue(spec, taskDir);
                    store = new ChangeloggedKeyValueStore(spec, engine, changelog, timestamps);
                }
                opened.put(spec.name(), store);
            }
        } catch (RuntimeException e) {
            opened.values().forEach(TaskStores::closeQuietly);
            onClose.run();
            throw e;
        }
        return new TaskStores(opened, taskDir, onClose);
    }

    /** Which changelog topic the local state of {@code store} came from (see {@link ChangelogIdentity}). */
    ChangelogIdentity identityOf(ChangeloggedStore store) {
        return new ChangelogIdentity(taskDir, store.name());
    }

    public boolean isEmpty() {
        return stores.isEmpty();
    }

    public boolean has(String name) {
        return stores.containsKey(name);
    }

    public StateStore typed(String name) {
        ChangeloggedStore store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("No state store named '" + name + "' in this task; stores: "
                    + stores.keySet());
        }
        return store;
    }

    public Collection<ChangeloggedStore> all() {
        return stores.values();
    }

    public long pendingBytes() {
        long sum = 0;
        for (ChangeloggedStore store : storeArray) {
            sum += store.pendingBytes();
        }
        return sum;
    }

    /** DESIGN step 3: Kafka committed; make pending writes durable with their changelog offsets. */
    public void commitAfterKafka() {
        for (ChangeloggedStore store : stores.values()) {
            store.commitAfterKafka();
        }
    }

    public void rollback() {
        for (ChangeloggedStore store : stores.values()) {
            store.rollback();
        }
    }

    /** The task's stream time reached {@code streamTime}: every store not timed by its processor advances. */
    public void advanceTime(long streamTime) {
        for (ChangeloggedStore store : timedByTask) {
            store.advanceTime(streamTime);
        }
    }

    /**
     * Stores {@code names} expire on the stream time their processor observes, not the task's
     * ({@link #advanceTimeOfProcessor}): a windowed aggregation's windows, so that records the
     * aggregation never saw do not expire them.
     */
    public void timeFromProcessor(Collection<String> names) {
        timedByProcessor.addAll(names);
        timedByTask = stores.values().stream().filter(s -> !timedByProcessor.contains(s.name()))
                .toArray(ChangeloggedStore[]::new);
    }

    /** The processor of stores {@code names} observed stream time {@code observed}; those timed by it advance. */
    public void advanceTimeOfProcessor(List<String> names, long observed) {
        for (int i = 0; i < names.size(); i++) {
            ChangeloggedStore store = stores.get(names.get(i));
            if (store != null && timedByProcessor.contains(store.name())) {
                store.advanceTime(observed);
            }
        }
    }

    /** Closes every store; pending writes are discarded. Closing twice does nothing more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stores.values().forEach(TaskStores::closeQuietly);
        } finally {
            onClose.run();
        }
    }

    private boolean closed;

    private static void closeQuietly(ChangeloggedStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            log.warn("Closing state store {} failed", store.name(), e);
        }
    }
}
