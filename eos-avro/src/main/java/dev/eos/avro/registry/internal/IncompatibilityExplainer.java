package dev.eos.avro.registry.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import dev.eos.avro.registry.IncompatibleSchemaException;
import dev.eos.avro.registry.SchemaRegistryClient;
import dev.eos.avro.registry.SchemaRegistryException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the registry's 409 into a message naming the subject, the rule and the fields: reads the
 * subject's level and earlier versions and runs {@link CompatibilityRules} locally. When that is not
 * possible, or finds nothing, the message quotes the registry instead.
 */
public final class IncompatibilityExplainer {
    private static final Logger log = LoggerFactory.getLogger(IncompatibilityExplainer.class);

    private IncompatibilityExplainer() {
    }

    public static IncompatibleSchemaException explain(SchemaRegistryClient client, String subject, Schema schema,
                                                      SchemaRegistryException refusal) {
        CompatibilityLevel level = null;
        CompatibilityReport report = null;
        try {
            level = client.compatibility(subject);
            List<Integer> versions = client.versions(subject);
            Map<Integer, Schema> earlier = new HashMap<>();
            List<Integer> checked = level.transitive() || versions.isEmpty() ? versions
                    : List.of(versions.get(versions.size() - 1));
            for (int v : checked) {
                earlier.put(v, client.version(subject, v).schema());
            }
            report = CompatibilityRules.check(level, schema, earlier);
        } catch (KafkaException | IllegalArgumentException e) {
            log.debug("Could not check schema for subject {} locally after the registry refused it", subject, e);
        }
        String registrySays = "the registry says: " + refusal.registryMessage();
        String why;
        if (report != null && !report.compatible()) {
            why = report.describe() + " (" + registrySays + ")";
        } else {
            why = (level == null ? "" : "its compatibility level is " + level + "; ") + registrySays;
            report = null;
        }
        return new IncompatibleSchemaException("Schema " + schema.getFullName() + " cannot be registered under subject '"
                + subject + "': " + why + ". Make the change compatible (for example give a new field a default), "
                + "or write it to a new versioned topic", subject, level, report, refusal);
    }
}
