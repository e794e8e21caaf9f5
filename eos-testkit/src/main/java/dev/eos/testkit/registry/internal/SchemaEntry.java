package dev.eos.testkit.registry.internal;

import org.apache.avro.Schema;

/**
 * One version of one subject as the registry keeps it.
 *
 * @param schema the parsed schema; its {@code toString()} is the canonical text served
 * @param deleted a soft delete: the version no longer counts for its subject, its id still resolves
 */
public record SchemaEntry(String subject, int version, int id, Schema schema, boolean deleted) {

    public String canonical() {
        return schema.toString();
    }

    SchemaEntry asDeleted() {
        return new SchemaEntry(subject, version, id, schema, true);
    }
}
