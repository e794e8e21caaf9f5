package dev.eos.avro.compat.internal;

import dev.eos.avro.compat.RegistryVerdict;
import dev.eos.avro.compat.SchemaFolderReport;
import dev.eos.avro.compat.SchemaIncompatibility;
import dev.eos.avro.compat.SchemaProblem;
import dev.eos.avro.compat.SubjectReport;
import dev.eos.avro.compat.VersionReport;
import java.util.ArrayList;
import java.util.List;

/**
 * The report as text: one line per subject and version ({@code orders v2 OK ...},
 * {@code orders v3 BREAKS FULL ...}), layout and registry lines, then one summary line that ends
 * in {@code PASSED} or {@code FAILED}. Extra incompatibilities of one version follow on indented lines.
 */
public final class ReportText {

    private ReportText() {
    }

    public static List<String> lines(SchemaFolderReport report) {
        List<String> lines = new ArrayList<>();
        for (SchemaProblem p : report.folderProblems()) {
            lines.add(report.root() + " LAYOUT: " + p.message());
        }
        int ok = 0;
        int breaking = 0;
        int invalid = 0;
        int notChecked = 0;
        int layout = report.folderProblems().size();
        int[] registry = new int[RegistryVerdict.Outcome.values().length];
        for (SubjectReport s : report.subjects()) {
            String rule = s.level() + (s.levelFromFile() ? " from " + s.folder().getFileName() + "/compatibility" : ", the default");
            for (SchemaProblem p : s.layoutProblems()) {
                lines.add(s.subject() + " LAYOUT (" + p.file().getFileName() + "): " + p.message());
                layout++;
            }
            for (VersionReport v : s.versions()) {
                String head = s.subject() + " v" + v.version() + " ";
                String file = v.file().getFileName().toString();
                switch (v.status()) {
                    case COMPATIBLE -> {
                        ok++;
                        lines.add(head + "OK (" + file + "; " + v.message() + (v.message().startsWith("first") ? ", rule " + rule : "") + ")");
                    }
                    case INCOMPATIBLE -> {
                        breaking++;
                        List<SchemaIncompatibility> all = v.incompatibilities();
                        lines.add(head + "BREAKS " + s.level() + " (" + file + "): " + all.get(0).describe());
                        for (SchemaIncompatibility i : all.subList(1, all.size())) {
                            lines.add("    and " + i.describe());
                        }
                    }
                    case INVALID -> {
                        invalid++;
                        lines.add(head + "INVALID (" + file + "): " + v.message());
                    }
                    case NOT_CHECKED -> {
                        notChecked++;
                        lines.add(head + "NOT CHECKED (" + file + "): " + v.message());
                    }
                }
            }
            s.registry().ifPresent(r -> {
                registry[r.outcome().ordinal()]++;
                lines.add(s.subject() + " registry " + registryLine(r));
            });
        }
        int versions = ok + breaking + invalid + notChecked;
        int problems = report.problems().size();
        StringBuilder summary = new StringBuilder()
                .append("Checked ").append(plural(report.subjects().size(), "subject")).append(", ")
                .append(plural(versions, "version")).append(": ").append(ok).append(" OK, ")
                .append(breaking).append(" breaking, ").append(invalid).append(" invalid, ")
                .append(notChecked).append(" not checked; ").append(plural(layout, "layout problem"));
        if (report.subjects().stream().anyMatch(s -> s.registry().isPresent())) {
            summary.append("; registry: ").append(registry[RegistryVerdict.Outcome.COMPATIBLE.ordinal()]).append(" OK, ")
                    .append(registry[RegistryVerdict.Outcome.NEW_SUBJECT.ordinal()]).append(" new, ")
                    .append(registry[RegistryVerdict.Outcome.INCOMPATIBLE.ordinal()]).append(" refused, ")
                    .append(registry[RegistryVerdict.Outcome.FAILED.ordinal()]).append(" failed");
        }
        summary.append(". ").append(problems == 0 ? "PASSED" : "FAILED (" + plural(problems, "problem") + ")");
        lines.add(summary.toString());
        return lines;
    }

    private static String registryLine(RegistryVerdict r) {
        String subject = "subject '" + r.registrySubject() + "'";
        return switch (r.outcome()) {
            case COMPATIBLE -> "OK (v" + r.version() + " accepted for " + subject + ")";
            case NEW_SUBJECT -> "OK (" + subject + " is new to the registry)";
            case INCOMPATIBLE -> "REFUSES v" + r.version() + " for " + subject + ": " + String.join("; ", r.messages());
            case NOT_CHECKED -> "NOT CHECKED (" + subject + "): " + String.join("; ", r.messages());
            case FAILED -> "ERROR (" + subject + "): " + String.join("; ", r.messages());
        };
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
