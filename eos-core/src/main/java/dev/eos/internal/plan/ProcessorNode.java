package dev.eos.internal.plan;

import dev.eos.processor.ProcessorSupplier;
import java.util.List;

/**
 * Runs a processor, created per task by its supplier.
 *
 * @param storeTimeFromProcessor true if the window stores of this node expire windows on the
 *                               stream time this processor observes ({@link ProcessorClock}), not
 *                               on the task's: windowed aggregations, whose windows stay open
 *                               until the records they see close them
 */
public record ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> storeNames,
                            boolean storeTimeFromProcessor) implements PlanNode {
    public ProcessorNode {
        storeNames = List.copyOf(storeNames);
    }

    public ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier, List<String> storeNames) {
        this(name, supplier, storeNames, false);
    }

    public ProcessorNode(String name, ProcessorSupplier<?, ?, ?, ?> supplier) {
        this(name, supplier, List.of());
    }

    @Override
    public String describeSelf() {
        return "Processor " + name + (storeNames.isEmpty() ? "" : " stores " + storeNames);
    }
}
