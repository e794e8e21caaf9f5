package dev.eos.avro.compat;

import java.nio.file.Path;

/**
 * One reason a {@link SchemaFolderCheck} fails: a file in the wrong place, a schema Avro cannot
 * parse, a version that breaks its subject's rule, or a live registry that refuses (or could not
 * be asked about) the newest version.
 *
 * <pre>{@code
 * for (SchemaProblem p : SchemaFolderCheck.of(Path.of("schemas")).run().problems()) {
 *     System.err.println(p);   // orders (schemas/orders/order_created.v3.avsc): version 3 breaks ...
 * }
 * }</pre>
 *
 * @param kind what went wrong
 * @param subject the subject (folder name), or empty for a problem with the root folder itself
 * @param file the file or folder concerned
 * @param message what was wrong and, where there is one, the fix
 */
public record SchemaProblem(Kind kind, String subject, Path file, String message) {

    /** What went wrong. */
    public enum Kind {
        /** A file or folder that does not follow the layout (name, version numbers, rule file). */
        LAYOUT,
        /** A {@code .avsc} file Avro cannot parse. */
        INVALID_SCHEMA,
        /** A version that breaks its subject's compatibility rule against an earlier file. */
        INCOMPATIBLE,
        /** The live registry says the newest version is incompatible with what it holds. */
        REGISTRY_INCOMPATIBLE,
        /** The live registry could not be asked (unreachable, refused the credentials, bad URL). */
        REGISTRY_ERROR
    }

    /** {@code orders (schemas/orders/order_created.v3.avsc): message}, for reports and assertion output. */
    @Override
    public String toString() {
        return (subject.isEmpty() ? "" : subject + " ") + "(" + file + "): " + message;
    }
}
