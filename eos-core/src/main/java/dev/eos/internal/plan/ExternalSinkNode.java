package dev.eos.internal.plan;

import dev.eos.sink.ExternalSinkFactory;

/** Hands records to an external sink, one instance per processing thread. */
public record ExternalSinkNode(String name, ExternalSinkFactory<?, ?> factory) implements PlanNode {
    @Override
    public String describeSelf() {
        return "External sink " + name + (factory.ownsOffsets() ? " (owns offsets)" : "");
    }
}
