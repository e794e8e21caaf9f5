/**
 * Not API: the in-memory Kafka cluster the test driver runs the real runtime against.
 * {@link dev.eos.testkit.driver.internal.InMemoryKafka} is the entry point and states the
 * invariants; the client adapters behind {@code dev.eos.spi.KafkaClientFactory} are to live here
 * too. Deterministic and single-threaded by design.
 */
package dev.eos.testkit.driver.internal;
