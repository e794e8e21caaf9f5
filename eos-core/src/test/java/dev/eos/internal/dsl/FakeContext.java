package dev.eos.internal.dsl;

import dev.eos.internal.state.ChangelogWriter;
import dev.eos.internal.state.ChangeloggedKeyValueStore;
import dev.eos.internal.state.ChangeloggedStore;
import dev.eos.internal.state.ChangeloggedWindowStore;
import dev.eos.processor.Cancellable;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import dev.eos.state.StoreEngine;
import dev.eos.store.StateStore;
import dev.eos.store.StoreSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;

/**
 * A processor context for operator tests: records what is forwarded, holds real typed stores
 * (in-memory engine, changelog to nowhere) and keeps stream time like a task does: the largest
 * timestamp seen, advanced (and pushed to the window stores) before each record is processed.
 */
final class FakeContext<K, V> implements ProcessorContext<K, V> {
    private final List<Record<K, V>> forwarded = new ArrayList<>();
    private final Map<String, ChangeloggedStore> stores;
    private final StoreEngine engine = StoreEngine.inMemory();
    private final Path dir;
    private long streamTime = -1;

    FakeContext(Path dir) {
        this(dir, new HashMap<>());
    }

    private FakeContext(Path dir, Map<String, ChangeloggedStore> stores) {
        this.dir = dir;
        this.stores = stores;
    }

    /** A context for another processor of the same task: same stores, its own forwarded records. */
    <K2, V2> FakeContext<K2, V2> sibling() {
        return new FakeContext<>(dir, stores);
    }

    <SK, SV> ChangeloggedKeyValueStore<SK, SV> addKeyValueStore(StoreSpec<SK, SV> spec) {
        ChangeloggedKeyValueStore<SK, SV> store = new ChangeloggedKeyValueStore<>(spec,
                engine.openKeyValue(dir, spec.name()), changelog(spec), () -> 0L);
        stores.put(spec.name(), store);
        return store;
    }

    <SK, SV> ChangeloggedWindowStore<SK, SV> addWindowStore(StoreSpec<SK, SV> spec) {
        long retention = spec.retention().orElseThrow().toMillis();
        ChangeloggedWindowStore<SK, SV> store = new ChangeloggedWindowStore<>(spec,
                engine.openWindow(dir, spec.name(), retention, Math.max(1, retention / 2)), changelog(spec), () -> 0L,
                spec.windowSize().orElseThrow().toMillis());
        stores.put(spec.name(), store);
        return store;
    }

    private static ChangelogWriter changelog(StoreSpec<?, ?> spec) {
        return new ChangelogWriter(new TopicPartition(spec.name() + "-changelog", 0),
                record -> CompletableFuture.completedFuture(null));
    }

    /** Processes {@code record} as a task would: stream time first, then the processor (this context's or a sibling's). */
    <KIn, VIn> void process(Processor<KIn, VIn, ?, ?> processor, Record<KIn, VIn> record) {
        if (record.timestamp() > streamTime) {
            streamTime = record.timestamp();
            stores.values().forEach(s -> s.advanceTime(streamTime));
        }
        processor.process(record);
    }

    List<Record<K, V>> forwarded() {
        return forwarded;
    }

    /** The forwarded records since the last call, then forgets them. */
    List<Record<K, V>> drain() {
        List<Record<K, V>> out = List.copyOf(forwarded);
        forwarded.clear();
        return out;
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
        forwarded.add(new Record<>(record.key(), record.value(), record.timestamp(), record.headers()));
    }

    @Override
    public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
        forward(record);
    }

    @Override
    public Optional<RecordMetadata> recordMetadata() {
        return Optional.empty();
    }

    @Override
    public String applicationId() {
        return "test-app";
    }

    @Override
    public int taskPartition() {
        return 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S extends StateStore> S getStateStore(String name) {
        StateStore store = stores.get(name);
        if (store == null) {
            throw new IllegalArgumentException("No store " + name + " connected");
        }
        return (S) store;
    }

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
        throw new UnsupportedOperationException("not used by the DSL operators");
    }

    @Override
    public long currentStreamTimeMs() {
        return streamTime;
    }
}
