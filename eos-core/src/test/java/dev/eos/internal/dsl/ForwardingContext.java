package dev.eos.internal.dsl;

import dev.eos.processor.Cancellable;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import dev.eos.store.StateStore;
import java.time.Duration;
import java.util.Optional;

/** A context for {@link PlanHarness} nodes: stream time of the task, forwards handed to {@link #deliver}. */
abstract class ForwardingContext implements ProcessorContext<Object, Object> {
    private final FakeContext<?, ?> task;

    ForwardingContext(FakeContext<?, ?> task) {
        this.task = task;
    }

    abstract void deliver(Record<?, ?> record);

    @Override
    public <K, V> void forward(Record<K, V> record) {
        deliver(record);
    }

    @Override
    public <K, V> void forward(Record<K, V> record, String childName) {
        throw new UnsupportedOperationException("not used by the DSL operators under test");
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
    public abstract <S extends StateStore> S getStateStore(String name);

    @Override
    public Cancellable schedule(Duration interval, PunctuationType type, Punctuator punctuator) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long currentStreamTimeMs() {
        return task.currentStreamTimeMs();
    }
}
