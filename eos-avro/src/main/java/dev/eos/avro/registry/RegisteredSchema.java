package dev.eos.avro.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry holds it.
 *
 * <pre>{@code
 * RegisteredSchema latest = client.latestVersion("orders-value");
 * System.out.println(latest.subject() + " v" + latest.version() + " has id " + latest.id());
 * }</pre>
 *
 * @param subject the subject, for example {@code orders-value}
 * @param version the version number within the subject, from 1
 * @param id the registry-wide schema id written in each message
 * @param schema the parsed schema
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
