package dev.eos.avro.compat;

import dev.eos.avro.compat.internal.ReportText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a {@link SchemaFolderCheck}: one {@link SubjectReport} per subject folder, and
 * every problem found. The check passes when {@link #problems()} is empty.
 *
 * <pre>{@code
 * SchemaFolderReport report = SchemaFolderCheck.of(Path.of("schemas")).run();
 * assertThat(report.problems()).isEmpty();      // or: report.throwIfIncompatible();
 * System.out.println(report.describe());        // one line per subject and version, then a summary
 * }</pre>
 *
 * @param root the folder checked
 * @param subjects one report per subject folder, by name
 * @param folderProblems problems with the root folder itself (no subject folders, stray schema files)
 */
public record SchemaFolderReport(Path root, List<SubjectReport> subjects, List<SchemaProblem> folderProblems) {

    public SchemaFolderReport {
        subjects = List.copyOf(subjects);
        folderProblems = List.copyOf(folderProblems);
    }

    /** Every problem, root folder first, then subject by subject; empty when the check passes. */
    public List<SchemaProblem> problems() {
        List<SchemaProblem> all = new ArrayList<>(folderProblems);
        subjects.forEach(s -> all.addAll(s.problems()));
        return all;
    }

    /** Whether the check passes: no problem at all. */
    public boolean passed() {
        return problems().isEmpty();
    }

    /** The report of the subject folder with this name. */
    public Optional<SubjectReport> subject(String name) {
        return subjects.stream().filter(s -> s.subject().equals(name)).findFirst();
    }

    /**
     * Does nothing when the check passes.
     *
     * @throws SchemaCheckFailedException listing every problem otherwise
     */
    public void throwIfIncompatible() {
        if (!passed()) {
            throw new SchemaCheckFailedException(this);
        }
    }

    /** The text the command line prints: one line per subject and version, then a summary line. */
    public String describe() {
        return String.join(System.lineSeparator(), ReportText.lines(this));
    }

    @Override
    public String toString() {
        return describe();
    }
}
