package dev.eos.avro.compat;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome for one schema file of a subject folder.
 *
 * <pre>{@code
 * VersionReport v = report.subjects().get(0).versions().get(2);
 * if (v.status() == VersionReport.Status.INCOMPATIBLE) {
 *     v.incompatibilities().forEach(i -> System.err.println(i.describe()));
 * }
 * }</pre>
 *
 * @param version the number from the file name ({@code order_created.v3.avsc} is 3)
 * @param file the schema file
 * @param status compatible, incompatible, invalid or not checked
 * @param incompatibilities what breaks, when {@link Status#INCOMPATIBLE}; empty otherwise
 * @param message Avro's parse error when {@link Status#INVALID}, why it was not checked when
 *     {@link Status#NOT_CHECKED}, the earlier versions it was checked against otherwise
 */
public record VersionReport(int version, Path file, Status status, List<SchemaIncompatibility> incompatibilities,
                            String message) {

    /** The outcome of one version. */
    public enum Status {
        /** Parses, and keeps the subject's rule against the earlier versions (or is the first). */
        COMPATIBLE,
        /** Parses, but breaks the subject's rule: see {@link #incompatibilities()}. */
        INCOMPATIBLE,
        /** Avro cannot parse the file: see {@link #message()}. */
        INVALID,
        /** Not checked, because an earlier version of the subject is invalid. */
        NOT_CHECKED
    }

    public VersionReport {
        incompatibilities = List.copyOf(incompatibilities);
    }
}
