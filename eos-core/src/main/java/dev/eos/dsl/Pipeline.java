package dev.eos.dsl;

import java.util.Set;

/**
 * An immutable, validated processing plan built by a {@link PipelineBuilder}; run it with
 * {@code EosApp}.
 *
 * <pre>{@code
 * Pipeline pipeline = builder.build();
 * System.out.println(pipeline.describe());
 * EosApp app = EosApp.create(pipeline, config);
 * }</pre>
 */
public interface Pipeline {

    /** The topics the pipeline reads. */
    Set<String> sourceTopics();

    /** The topics the pipeline writes by name (topics chosen per record are not listed). */
    Set<String> sinkTopics();

    /** A readable, multi-line description of the plan: nodes, their kinds and their children. */
    String describe();
}
