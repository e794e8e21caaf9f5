package dev.eos.avro.compat.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.SchemaProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One subject folder read from disk, before any schema is parsed: the version files by number,
 * the rule, and what does not follow the layout.
 *
 * <p>Layout: {@code <root>/<subject>/<name>.v<N>.avsc}, N a positive integer; versions ordered by
 * N, not by name, and numbered without gaps from the lowest. An optional {@code compatibility}
 * file holds the rule (one level name; blank lines and lines starting with {@code #} ignored).
 * Other files, sub-folders and names starting with {@code .} are ignored; a {@code .avsc} file without the {@code .v<N>} suffix
 * is a layout problem, so a file is never silently skipped.
 */
public record SubjectFolder(String subject, Path folder, CompatibilityLevel level, boolean levelFromFile,
                            SortedMap<Integer, Path> versions, List<SchemaProblem> problems) {

    /** The name of the optional rule file in a subject folder. */
    public static final String COMPATIBILITY_FILE = "compatibility";

    private static final Pattern VERSIONED = Pattern.compile("^(.+)\\.v(\\d{1,9})\\.avsc$");

    public static SubjectFolder read(Path folder, CompatibilityLevel defaultLevel) throws IOException {
        String subject = folder.getFileName().toString();
        List<SchemaProblem> problems = new ArrayList<>();
        SortedMap<Integer, Path> versions = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.startsWith(".") || !name.endsWith(".avsc")) {
                continue;
            }
            Matcher m = VERSIONED.matcher(name);
            if (!m.matches()) {
                problems.add(layout(subject, file, "'" + name + "' has no version number; name schema files"
                        + " <name>.v<N>.avsc, e.g. " + name.substring(0, name.length() - ".avsc".length()) + ".v1.avsc"));
                continue;
            }
            int version = Integer.parseInt(m.group(2));
            if (version < 1) {
                problems.add(layout(subject, file, "version numbers start at 1; rename '" + name + "'"));
            } else if (versions.containsKey(version)) {
                problems.add(layout(subject, file, "version " + version + " is also in '"
                        + versions.get(version).getFileName() + "'; keep one file per version"));
            } else {
                versions.put(version, file);
            }
        }
        if (versions.isEmpty() && problems.isEmpty()) {
            problems.add(layout(subject, folder, "the subject folder holds no <name>.v<N>.avsc file;"
                    + " add order_created.v1.avsc-style files or remove the folder"));
        }
        if (!versions.isEmpty()) {
            List<Integer> missing = new ArrayList<>();
            for (int v = versions.firstKey() + 1; v < versions.lastKey(); v++) {
                if (!versions.containsKey(v)) {
                    missing.add(v);
                }
            }
            if (!missing.isEmpty()) {
                problems.add(layout(subject, folder, "version numbers have a gap: " + describeMissing(missing)
                        + " missing between " + versions.firstKey() + " and " + versions.lastKey()
                        + "; number versions without gaps (versions are never deleted from the middle)"));
            }
        }
        CompatibilityLevel level = defaultLevel;
        boolean fromFile = false;
        Path ruleFile = folder.resolve(COMPATIBILITY_FILE);
        if (Files.isRegularFile(ruleFile)) {
            List<String> values = Files.readAllLines(ruleFile).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (values.size() != 1) {
                problems.add(layout(subject, ruleFile, "the compatibility file must hold one level name, found "
                        + values.size() + " lines; write e.g. FULL_TRANSITIVE (using " + defaultLevel + " meanwhile)"));
            } else {
                try {
                    level = CompatibilityLevel.parse(values.get(0));
                    fromFile = true;
                } catch (IllegalArgumentException e) {
                    problems.add(layout(subject, ruleFile, e.getMessage() + " (using " + defaultLevel + " meanwhile)"));
                }
            }
        }
        return new SubjectFolder(subject, folder, level, fromFile, Collections.unmodifiableSortedMap(versions),
                List.copyOf(problems));
    }

    private static String describeMissing(List<Integer> missing) {
        return (missing.size() == 1 ? "version " : "versions ")
                + String.join(", ", missing.stream().map(String::valueOf).toList());
    }

    private static SchemaProblem layout(String subject, Path file, String message) {
        return new SchemaProblem(SchemaProblem.Kind.LAYOUT, subject, file, message);
    }
}
