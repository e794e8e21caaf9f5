package dev.eos.avro.compat.internal;

import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import dev.eos.avro.compat.RegistryVerdict;
import dev.eos.avro.compat.SubjectReport;
import dev.eos.avro.compat.VersionReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;

/**
 * Parses each version of a subject folder and checks it against the earlier ones under the
 * subject's rule; then, when a registry client is given, asks it about the newest version.
 * A version after an invalid one is not checked: the invalid file already fails the check, and
 * checking against a shortened history would report the wrong thing.
 */
public final class SubjectChecker {
    private final Optional<RegistryCompatibilityClient> registry;
    private final String subjectSuffix;

    public SubjectChecker(Optional<RegistryCompatibilityClient> registry, String subjectSuffix) {
        this.registry = registry;
        this.subjectSuffix = subjectSuffix;
    }

    public SubjectReport check(SubjectFolder folder) {
        List<VersionReport> reports = new ArrayList<>();
        SortedMap<Integer, Schema> earlier = new TreeMap<>();
        Integer invalidVersion = null;
        for (Map.Entry<Integer, Path> e : folder.versions().entrySet()) {
            int version = e.getKey();
            Path file = e.getValue();
            if (invalidVersion != null) {
                reports.add(new VersionReport(version, file, VersionReport.Status.NOT_CHECKED, List.of(),
                        "version " + invalidVersion + " is invalid"));
                continue;
            }
            Schema schema;
            try {
                schema = new Schema.Parser().parse(Files.readString(file));
            } catch (IOException | RuntimeException ex) {
                invalidVersion = version;
                reports.add(new VersionReport(version, file, VersionReport.Status.INVALID, List.of(), messageOf(ex)));
                continue;
            }
            CompatibilityReport result = CompatibilityRules.check(folder.level(), schema, earlier);
            reports.add(new VersionReport(version, file,
                    result.compatible() ? VersionReport.Status.COMPATIBLE : VersionReport.Status.INCOMPATIBLE,
                    result.incompatibilities(), checkedAgainst(folder, earlier)));
            earlier.put(version, schema);
        }
        Optional<RegistryVerdict> verdict = registry.map(client -> askRegistry(client, folder, earlier,
                reports.stream().anyMatch(r -> r.status() == VersionReport.Status.INVALID)));
        return new SubjectReport(folder.subject(), folder.folder(), folder.level(), folder.levelFromFile(), reports,
                folder.problems(), verdict);
    }

    private RegistryVerdict askRegistry(RegistryCompatibilityClient client, SubjectFolder folder,
                                        SortedMap<Integer, Schema> valid, boolean anyInvalid) {
        String subject = folder.subject() + subjectSuffix;
        if (valid.isEmpty() || anyInvalid) {
            int version = folder.versions().isEmpty() ? 0 : folder.versions().lastKey();
            return new RegistryVerdict(subject, version, RegistryVerdict.Outcome.NOT_CHECKED,
                    List.of("a schema file of the subject is invalid or missing"));
        }
        return client.check(subject, valid.lastKey(), valid.get(valid.lastKey()));
    }

    private static String checkedAgainst(SubjectFolder folder, SortedMap<Integer, Schema> earlier) {
        if (earlier.isEmpty()) {
            return "first version";
        }
        if (!folder.level().backward() && !folder.level().forward()) {
            return "not compared (" + folder.level() + ")";
        }
        var against = folder.level().transitive() ? earlier.keySet() : List.of(earlier.lastKey());
        return folder.level() + " against " + against.stream().map(v -> "v" + v).collect(Collectors.joining(", "));
    }

    private static String messageOf(Exception ex) {
        String message = ex.getMessage();
        return ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
