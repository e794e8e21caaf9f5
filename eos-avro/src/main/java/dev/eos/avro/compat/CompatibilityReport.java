package dev.eos.avro.compat;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of checking one new schema against earlier versions under a
 * {@link CompatibilityLevel}: compatible, or the list of what breaks.
 *
 * <pre>{@code
 * CompatibilityReport report = CompatibilityRules.check(CompatibilityLevel.BACKWARD, v2, Map.of(1, v1));
 * if (!report.compatible()) {
 *     System.err.println(report.describe());
 * }
 * }</pre>
 */
public final class CompatibilityReport {
    private final CompatibilityLevel level;
    private final List<SchemaIncompatibility> incompatibilities;

    CompatibilityReport(CompatibilityLevel level, List<SchemaIncompatibility> incompatibilities) {
        this.level = level;
        this.incompatibilities = List.copyOf(incompatibilities);
    }

    public CompatibilityLevel level() {
        return level;
    }

    public boolean compatible() {
        return incompatibilities.isEmpty();
    }

    public List<SchemaIncompatibility> incompatibilities() {
        return incompatibilities;
    }

    /** {@code compatible under BACKWARD}, or the rule and one line per problem. */
    public String describe() {
        if (compatible()) {
            return "compatible under " + level;
        }
        return "incompatible under " + level + ": " + incompatibilities.stream()
                .map(SchemaIncompatibility::describe).collect(Collectors.joining("; "));
    }

    @Override
    public String toString() {
        return describe();
    }
}
