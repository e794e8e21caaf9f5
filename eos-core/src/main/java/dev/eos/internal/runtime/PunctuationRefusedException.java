package dev.eos.internal.runtime;

import dev.eos.errors.EosException;

/**
 * A processor called {@code schedule(...)} in a part of the pipeline whose output goes to an
 * external sink that keeps its source offsets in the external system. Punctuator output has no
 * source offset: after the sink's commit and a failed Kafka commit, the partition restarts from
 * the sink's offsets and the punctuator fires and writes again (a stream-time punctuator even
 * fires on a stream time restored from Kafka's older commit). Not skippable by any handler; the
 * thread stops with it.
 */
final class PunctuationRefusedException extends EosException {
    PunctuationRefusedException(String processor, String sink) {
        super("Processor " + processor + " calls ProcessorContext.schedule(...), but its part of the pipeline "
                + "writes to the external sink " + sink + ", which keeps its source offsets in the external system: "
                + "punctuator output has no source offset, so after the sink's commit and a failed Kafka commit it "
                + "would be written twice. Fix: punctuate in a separate pipeline that writes to a topic this sink "
                + "reads, or make the sink an idempotent upsert (JdbcSink.upsert), whose offsets stay in Kafka.");
    }
}
