package dev.eos.testkit.registry.internal;

import dev.eos.avro.compat.CompatibilityLevel;

/**
 * Where the registry keeps its changes: {@link SchemaLog} (a Kafka topic) in use, a fake in
 * tests. A write that throws may have been stored all the same (a timeout).
 */
interface RegistryLog {
    void writeSchema(SchemaEntry entry);

    void writeConfig(String subject, CompatibilityLevel level);

    /** Reads everything written so far into {@code state}. */
    void replayInto(RegistryState state);
}
