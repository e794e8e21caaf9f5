package dev.eos.internal.plan;

import dev.eos.processor.ProcessorSupplier;

/** Runs a processor, created per task by its supplier. */
public record ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier) implements PlanNode {
    @Override
    public String describeSelf() {
        return "Processor " + name;
    }
}
