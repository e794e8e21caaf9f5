package dev.eos.avro.compat;

/**
 * Thrown by {@link SchemaFolderReport#throwIfIncompatible()}; the message lists every problem.
 *
 * <pre>{@code
 * SchemaFolderCheck.of(Path.of("schemas")).run().throwIfIncompatible();
 * }</pre>
 */
public final class SchemaCheckFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SchemaFolderReport report;

    SchemaCheckFailedException(SchemaFolderReport report) {
        super(report.describe());
        this.report = report;
    }

    /** The full report (not kept when the exception is serialized). */
    public SchemaFolderReport report() {
        return report;
    }
}
