package dev.eos.internal.plan;

/** One node of a {@link LogicalPlan}: a source, a processor or a sink. */
public sealed interface PlanNode permits SourceNode, ProcessorNode, SinkNode, ExternalSinkNode {
    String name();

    /** A short kind for {@link LogicalPlan#describe()}. */
    String describeSelf();
}
