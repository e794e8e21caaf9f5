package dev.eos.avro.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Checks a new schema version against earlier ones under a {@link CompatibilityLevel}, with
 * Avro's own reader/writer reasoning ({@link SchemaCompatibility}). The same rules serve the
 * schema-folder check in CI, the embedded registry of eos-testkit, and the error a serializer
 * reports when a registry refuses a schema.
 *
 * <pre>{@code
 * CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.FULL_TRANSITIVE, v3,
 *         Map.of(1, v1, 2, v2));
 * }</pre>
 */
public final class CompatibilityRules {

    private CompatibilityRules() {
    }

    /**
     * @param earlierByVersion the subject's earlier versions, by version number; non-transitive
     *     levels use only the highest
     */
    public static CompatibilityReport check(CompatibilityLevel level, Schema candidate,
                                            Map<Integer, Schema> earlierByVersion) {
        List<SchemaIncompatibility> found = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || earlierByVersion.isEmpty()) {
            return new CompatibilityReport(level, found);
        }
        SortedMap<Integer, Schema> earlier = new TreeMap<>(earlierByVersion);
        Map<Integer, Schema> checked = level.transitive() ? earlier : Map.of(earlier.lastKey(), earlier.get(earlier.lastKey()));
        for (Map.Entry<Integer, Schema> e : new TreeMap<>(checked).entrySet()) {
            if (level.backward()) {
                collect(found, e.getKey(), "BACKWARD", candidate, e.getValue());
            }
            if (level.forward()) {
                collect(found, e.getKey(), "FORWARD", e.getValue(), candidate);
            }
        }
        return new CompatibilityReport(level, found);
    }

    private static void collect(List<SchemaIncompatibility> found, int version, String direction,
                                Schema reader, Schema writer) {
        SchemaCompatibility.SchemaCompatibilityResult result =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        for (SchemaCompatibility.Incompatibility i : result.getIncompatibilities()) {
            found.add(new SchemaIncompatibility(version, direction, FieldPaths.of(reader, i.getLocation()),
                    i.getType().name(), i.getMessage()));
        }
    }
}
