package dev.eos.avro.compat.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The schema-check command's arguments, parsed by hand: {@code [--default-level L]
 * [--registry-url URL] [--registry-subject-suffix S] [--registry-user-info user:pass] [--help] FOLDER}.
 * Flags take their value as the next argument or after {@code =}.
 */
public record CommandArgs(boolean help, Path folder, CompatibilityLevel defaultLevel, Optional<URI> registryUrl,
                          String subjectSuffix, Optional<String> userInfoFlag) {

    /** A usage error; the message says what was wrong and the fix. */
    public static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static CommandArgs parse(String[] args) throws UsageException {
        boolean help = false;
        Path folder = null;
        CompatibilityLevel level = CompatibilityLevel.BACKWARD;
        URI url = null;
        String suffix = "";
        String userInfo = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String flag = arg;
            String inline = null;
            if (arg.startsWith("--") && arg.contains("=")) {
                flag = arg.substring(0, arg.indexOf('='));
                inline = arg.substring(arg.indexOf('=') + 1);
            }
            switch (flag) {
                case "-h", "--help" -> help = true;
                case "--default-level" -> {
                    String value = inline != null ? inline : next(args, ++i, flag, "FULL");
                    try {
                        level = CompatibilityLevel.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--default-level: " + e.getMessage());
                    }
                }
                case "--registry-url" -> url = url(inline != null ? inline : next(args, ++i, flag, "http://localhost:8081"));
                case "--registry-subject-suffix" -> suffix = inline != null ? inline : next(args, ++i, flag, "-value");
                case "--registry-user-info" -> userInfo = inline != null ? inline : next(args, ++i, flag, "user:password");
                default -> {
                    if (arg.startsWith("-")) {
                        throw new UsageException("unknown option '" + arg + "'; the options are --default-level,"
                                + " --registry-url, --registry-subject-suffix, --registry-user-info and --help");
                    }
                    if (folder != null) {
                        throw new UsageException("one schema folder only, got '" + folder + "' and '" + arg
                                + "'; pass the root folder that holds one folder per subject");
                    }
                    folder = Path.of(arg);
                }
            }
        }
        if (!help && folder == null) {
            throw new UsageException("missing the schema folder; pass the folder that holds one folder per subject,"
                    + " e.g. schemas/");
        }
        if (url == null && (userInfo != null || !suffix.isEmpty())) {
            throw new UsageException("--registry-user-info and --registry-subject-suffix need --registry-url");
        }
        return new CommandArgs(help, folder, level, Optional.ofNullable(url), suffix, Optional.ofNullable(userInfo));
    }

    private static String next(String[] args, int i, String flag, String example) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(flag + " needs a value, e.g. " + flag + " " + example);
        }
        return args[i];
    }

    private static URI url(String value) throws UsageException {
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                throw new URISyntaxException(value, "not an http(s) URL with a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw new UsageException("--registry-url carries credentials; remove them from the URL and set"
                        + " SCHEMA_REGISTRY_USER_INFO=user:password instead");
            }
            return uri;
        } catch (URISyntaxException e) {
            // the value is not echoed: a malformed URL may still hold credentials
            throw new UsageException("--registry-url is not an http(s) URL with a host; use e.g. http://localhost:8081");
        }
    }
}
