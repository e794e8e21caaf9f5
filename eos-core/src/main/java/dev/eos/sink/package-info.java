/**
 * Writing pipeline results outside Kafka: {@link dev.eos.sink.ExternalSink} receives batches of
 * records with their source coordinates at the pipeline's commit points.
 *
 * <p>Two contracts, by what the sink can do:
 * <ul>
 *   <li>Idempotent: writing the same batch twice leaves the same result (upsert by key or event
 *       id). Safe with both guarantees; under at-least-once a batch may be written again after a
 *       crash. {@link dev.eos.sink.Deduplicator} helps sinks that cannot upsert.</li>
 *   <li>Offset-owning ({@link dev.eos.sink.ExternalSinkFactory#ownsOffsets()}): the sink stores the
 *       next source offset of every partition in the same external transaction as the rows, and
 *       the runtime starts each partition from there. With a fencing check on write, this is
 *       exactly-once into the external system. Whatever is not in that transaction cannot be
 *       exactly-once with it, so its part of the pipeline may have no other output, no state
 *       store and no punctuator, and the app may not use a {@code dead_letter} error
 *       handler.</li>
 * </ul>
 */
package dev.eos.sink;
