/**
 * Not API: how the embedded cluster is actually run. Nothing here is referenced by a public
 * signature of {@code dev.eos.testkit.kafka}; any of it may change with a Kafka upgrade.
 *
 * <p>{@link dev.eos.testkit.kafka.internal.KraftTestKitBackend} is the only class in Eos that
 * imports Kafka's server or test-kit classes ({@code kafka.server.*},
 * {@code org.apache.kafka.common.test.*}). Those are not a supported Kafka API and have moved
 * between releases, so a Kafka upgrade that moves them should change that one file.
 */
package dev.eos.testkit.kafka.internal;
