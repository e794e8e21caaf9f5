package dev.eos.avro.compat;

import dev.eos.avro.compat.internal.RegistryCompatibilityClient;
import dev.eos.avro.compat.internal.SubjectChecker;
import dev.eos.avro.compat.internal.SubjectFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks a folder of versioned Avro schema files, kept in the repository, the way a schema
 * registry would check them on registration: each version against the earlier ones under its
 * subject's {@link CompatibilityLevel}. Meant for CI, from a unit test or from the command line
 * ({@link SchemaCheckCommand}).
 *
 * <p>Layout (see docs/how-to/schemas.md):
 * <pre>
 * schemas/                          the root given to {@link #of(Path)}
 *   orders/                         one folder per subject; the folder name is the subject
 *     compatibility                 optional: one line, e.g. FULL_TRANSITIVE (default: {@link #withDefaultLevel})
 *     order_created.v1.avsc         versions by the .v&lt;N&gt;.avsc suffix, ordered numerically,
 *     order_created.v2.avsc         without gaps; each file a complete schema
 * </pre>
 *
 * <pre>{@code
 * @Test
 * void schemasInTheRepositoryStayCompatible() {
 *     SchemaFolderCheck.of(Path.of("schemas")).run().throwIfIncompatible();
 * }
 * }</pre>
 *
 * Immutable; each {@code with...} returns a copy.
 */
public final class SchemaFolderCheck {
    private final Path root;
    private final CompatibilityLevel defaultLevel;
    private final Optional<RegistryCheck> registry;

    private SchemaFolderCheck(Path root, CompatibilityLevel defaultLevel, Optional<RegistryCheck> registry) {
        this.root = root;
        this.defaultLevel = defaultLevel;
        this.registry = registry;
    }

    /** A check of this root folder, default rule {@link CompatibilityLevel#BACKWARD}, no live registry. */
    public static SchemaFolderCheck of(Path root) {
        return new SchemaFolderCheck(Objects.requireNonNull(root, "root"), CompatibilityLevel.BACKWARD, Optional.empty());
    }

    /** The rule for subject folders without a {@code compatibility} file. Default BACKWARD, as in the registries. */
    public SchemaFolderCheck withDefaultLevel(CompatibilityLevel level) {
        return new SchemaFolderCheck(root, Objects.requireNonNull(level, "level"), registry);
    }

    /** Also asks this live registry about each subject's newest version. */
    public SchemaFolderCheck withRegistry(RegistryCheck registry) {
        return new SchemaFolderCheck(root, defaultLevel, Optional.of(Objects.requireNonNull(registry, "registry")));
    }

    public Path root() {
        return root;
    }

    public CompatibilityLevel defaultLevel() {
        return defaultLevel;
    }

    public Optional<RegistryCheck> registry() {
        return registry;
    }

    /**
     * Runs the check. Problems in the files (layout, invalid schemas, broken rules, registry refusals)
     * are in the report, never thrown.
     *
     * @throws IllegalArgumentException when the root is not a folder
     * @throws UncheckedIOException when a folder cannot be listed
     */
    public SchemaFolderReport run() {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("Schema folder '" + root + "' is not a folder (looked at "
                    + root.toAbsolutePath() + "); pass the folder that holds one folder per subject, e.g. schemas/");
        }
        Optional<RegistryCompatibilityClient> client = registry.map(r ->
                new RegistryCompatibilityClient(r.url(), r.userInfo(), r.timeout()));
        SubjectChecker checker = new SubjectChecker(client, registry.map(RegistryCheck::subjectSuffix).orElse(""));
        List<SchemaProblem> folderProblems = new ArrayList<>();
        List<SubjectReport> subjects = new ArrayList<>();
        try (Stream<Path> list = Files.list(root)) {
            for (Path entry : list.sorted().toList()) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    subjects.add(checker.check(SubjectFolder.read(entry, defaultLevel)));
                } else if (name.endsWith(".avsc")) {
                    folderProblems.add(new SchemaProblem(SchemaProblem.Kind.LAYOUT, "", entry, "'" + name
                            + "' lies in the root folder; move it into a subject folder, e.g. "
                            + root.resolve("<subject>").resolve(name)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read schema folder '" + root + "': " + e.getMessage(), e);
        }
        if (subjects.isEmpty()) {
            folderProblems.add(new SchemaProblem(SchemaProblem.Kind.LAYOUT, "", root, "no subject folder in '" + root
                    + "'; put schemas in <root>/<subject>/<name>.v<N>.avsc, e.g. schemas/orders/order_created.v1.avsc"));
        }
        return new SchemaFolderReport(root, subjects, folderProblems);
    }

    @Override
    public String toString() {
        return "SchemaFolderCheck{root=" + root + ", defaultLevel=" + defaultLevel
                + registry.map(r -> ", registry=" + r).orElse("") + "}";
    }
}
