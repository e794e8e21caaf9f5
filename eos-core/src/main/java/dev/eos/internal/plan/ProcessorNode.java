package dev.eos.internal.plan;

import dev.eos.processor.ProcessorSupplier;
import java.util.List;

/** Runs a processor, created per task by its supplier. */
public record ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> storeNames)
        implements PlanNode {
    public ProcessorNode {
        storeNames = List.copyOf(storeNames);
    }

    public ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier) {
        this(name, supplier, List.of());
    }

    @Override
    public String describeSelf() {
        return "Processor " + name + (storeNames.isEmpty() ? "" : " stores " + storeNames);
    }
}
