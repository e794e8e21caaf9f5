package dev.eos.avro.registry;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import java.util.Optional;

/**
 * The registry refused to register a schema (HTTP 409) because it breaks the subject's
 * compatibility rule. The message names the subject, the level and, when the client could
 * check the schema against the subject's earlier versions itself, the offending fields;
 * otherwise it quotes the registry.
 *
 * <pre>{@code
 * try {
 *     client.register("orders-value", v3);
 * } catch (IncompatibleSchemaException e) {
 *     e.report().ifPresent(r -> r.incompatibilities().forEach(i -> System.err.println(i.field())));
 * }
 * }</pre>
 */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private final String subject;
    private final CompatibilityLevel level;
    private final transient CompatibilityReport report;

    /**
     * @param level the subject's level, or {@code null} when it could not be read
     * @param report the local check's outcome, or {@code null} when it could not be run
     * @param refusal the registry's 409 answer, whose status, code, message and URL this keeps
     */
    public IncompatibleSchemaException(String message, String subject, CompatibilityLevel level,
                                       CompatibilityReport report, SchemaRegistryException refusal) {
        super(message, refusal.status(), refusal.errorCode(), refusal.registryMessage(), refusal.url());
        initCause(refusal);
        this.subject = subject;
        this.level = level;
        this.report = report;
    }

    public String subject() {
        return subject;
    }

    /** The subject's compatibility level, when the client could read it. */
    public Optional<CompatibilityLevel> level() {
        return Optional.ofNullable(level);
    }

    /** What the client's own check found, when it could run one. */
    public Optional<CompatibilityReport> report() {
        return Optional.ofNullable(report);
    }
}
