package dev.eos.avro.compat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome for one subject folder: its rule, each version, problems with the folder's layout
 * and, when asked, the live registry's answer.
 *
 * <pre>{@code
 * SubjectReport orders = report.subject("orders").orElseThrow();
 * assert orders.level() == CompatibilityLevel.FULL_TRANSITIVE;
 * }</pre>
 *
 * @param subject the folder name
 * @param folder the subject folder
 * @param level the rule applied
 * @param levelFromFile whether the rule came from the folder's {@code compatibility} file
 *     (otherwise the check's default)
 * @param versions one entry per version, in version order
 * @param layoutProblems files named or numbered against the layout, an unreadable rule file
 * @param registry the live registry's answer, when a registry was given
 */
public record SubjectReport(String subject, Path folder, CompatibilityLevel level, boolean levelFromFile,
                            List<VersionReport> versions, List<SchemaProblem> layoutProblems,
                            Optional<RegistryVerdict> registry) {

    public SubjectReport {
        versions = List.copyOf(versions);
        layoutProblems = List.copyOf(layoutProblems);
    }

    /** Everything that fails this subject: layout, invalid files, broken rules, the registry's refusal. */
    public List<SchemaProblem> problems() {
        List<SchemaProblem> all = new ArrayList<>(layoutProblems);
        for (VersionReport v : versions) {
            if (v.status() == VersionReport.Status.INVALID) {
                all.add(new SchemaProblem(SchemaProblem.Kind.INVALID_SCHEMA, subject, v.file(),
                        "version " + v.version() + " is not a valid Avro schema: " + v.message()));
            }
            for (SchemaIncompatibility i : v.incompatibilities()) {
                all.add(new SchemaProblem(SchemaProblem.Kind.INCOMPATIBLE, subject, v.file(),
                        "version " + v.version() + " breaks " + level + ": " + i.describe()));
            }
        }
        registry.ifPresent(r -> {
            if (r.outcome() == RegistryVerdict.Outcome.INCOMPATIBLE) {
                all.add(new SchemaProblem(SchemaProblem.Kind.REGISTRY_INCOMPATIBLE, subject, fileOf(r.version()),
                        "the registry refuses version " + r.version() + " for subject '" + r.registrySubject()
                                + "': " + String.join("; ", r.messages())));
            } else if (r.outcome() == RegistryVerdict.Outcome.FAILED) {
                all.add(new SchemaProblem(SchemaProblem.Kind.REGISTRY_ERROR, subject, folder,
                        "could not ask the registry about subject '" + r.registrySubject() + "': "
                                + String.join("; ", r.messages())));
            }
        });
        return all;
    }

    private Path fileOf(int version) {
        return versions.stream().filter(v -> v.version() == version).map(VersionReport::file).findFirst()
                .orElse(folder);
    }
}
