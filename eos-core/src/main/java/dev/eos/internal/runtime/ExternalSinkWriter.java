package dev.eos.internal.runtime;

import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.Record;
import dev.eos.processor.RecordMetadata;
import dev.eos.sink.SinkRecord;

/** A task's external sink node: hands each record, with its source coordinates, to the thread's sink. */
final class ExternalSinkWriter implements Processor<Object, Object, Object, Object> {
    private final String node;
    private final ExternalSinks sinks;
    private ProcessorContext<Object, Object> context;

    ExternalSinkWriter(String node, ExternalSinks sinks) {
        this.node = node;
        this.sinks = sinks;
    }

    /** Whether this node's sink keeps its source offsets in the external system. */
    boolean ownsOffsets() {
        return sinks.ownsOffsets(node);
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<Object, Object> record) {
        RecordMetadata source = context.recordMetadata().orElse(null);
        sinks.add(node, new SinkRecord<>(record.key(), record.value(), record.timestamp(), record.headers(),
                source == null ? null : source.topic(), source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset()));
    }
}
