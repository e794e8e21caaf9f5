package dev.eos.avro.compat;

import dev.eos.avro.compat.internal.CommandArgs;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;

/**
 * The schema-folder check from the command line, for CI:
 * <pre>
 * java -jar eos-avro-&lt;version&gt;-schema-check.jar [--default-level FULL] [--registry-url URL]
 *      [--registry-subject-suffix -value] schemas/
 * </pre>
 * Prints one line per subject and version ({@code OK}, or the rule and field broken) and a summary.
 * Exit code 0 when everything is compatible, 1 when something breaks (or the registry refuses or
 * cannot be asked), 2 for a usage error. Registry credentials come from the environment variable
 * {@code SCHEMA_REGISTRY_USER_INFO} ({@code user:password}) and are never printed.
 *
 * <pre>{@code
 * int exit = new SchemaCheckCommand().run(new String[] {"schemas"}, System.out, System.err);
 * }</pre>
 */
public final class SchemaCheckCommand {
    /** Exit code when every schema is compatible. */
    public static final int OK = 0;
    /** Exit code when a schema breaks its rule, is invalid, or the layout or the registry fails the check. */
    public static final int FAILED = 1;
    /** Exit code for a usage error (unknown option, missing folder). */
    public static final int USAGE = 2;
    /** The environment variable holding {@code user:password} for the registry. */
    public static final String USER_INFO_ENV = "SCHEMA_REGISTRY_USER_INFO";

    static final String USAGE_TEXT = """
            Usage: java -jar eos-avro-schema-check.jar [options] SCHEMA_FOLDER
              Checks SCHEMA_FOLDER/<subject>/<name>.v<N>.avsc: each version against the earlier ones
              under the subject's rule (file SCHEMA_FOLDER/<subject>/compatibility, else the default).
            Options:
              --default-level LEVEL          rule for subjects without a compatibility file (default BACKWARD);
                                             NONE, BACKWARD, FORWARD, FULL or *_TRANSITIVE
              --registry-url URL             also ask this schema registry about each subject's newest version
              --registry-subject-suffix S    registry subject = folder name + S, e.g. -value
              --registry-user-info U:P       basic auth; prefer the environment variable SCHEMA_REGISTRY_USER_INFO
              -h, --help                     this text
            Exit codes: 0 compatible, 1 something breaks, 2 usage error.""";

    private final Map<String, String> env;

    /** A command reading credentials from the process environment. */
    public SchemaCheckCommand() {
        this(System.getenv());
    }

    SchemaCheckCommand(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        // the executable jar has no SLF4J binding: stay quiet instead of three warning lines per run
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(new SchemaCheckCommand().run(args, System.out, System.err));
    }

    /** Runs the check and returns the exit code; never calls {@code System.exit}. */
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandArgs parsed;
        try {
            parsed = CommandArgs.parse(args);
        } catch (CommandArgs.UsageException e) {
            err.println("schema-check: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (parsed.help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        if (!Files.isDirectory(parsed.folder())) {
            err.println("schema-check: schema folder '" + parsed.folder() + "' does not exist or is not a folder"
                    + " (looked at " + parsed.folder().toAbsolutePath() + "); pass the folder that holds one"
                    + " folder per subject, e.g. schemas/");
            return USAGE;
        }
        SchemaFolderCheck check = SchemaFolderCheck.of(parsed.folder()).withDefaultLevel(parsed.defaultLevel());
        if (parsed.registryUrl().isPresent()) {
            if (parsed.userInfoFlag().isPresent()) {
                err.println("schema-check: warning: --registry-user-info puts the password in the shell history"
                        + " and the process list; set " + USER_INFO_ENV + " instead");
            }
            Optional<String> userInfo = parsed.userInfoFlag().or(() -> Optional.ofNullable(env.get(USER_INFO_ENV)));
            try {
                check = check.withRegistry(RegistryCheck.at(parsed.registryUrl().get())
                        .withUserInfo(userInfo.orElse(null)).withSubjectSuffix(parsed.subjectSuffix()));
            } catch (IllegalArgumentException e) {
                err.println("schema-check: " + e.getMessage());
                return USAGE;
            }
        }
        SchemaFolderReport report = check.run();
        out.println(report.describe());
        return report.passed() ? OK : FAILED;
    }
}
