package dev.eos.avro.compat;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Options for asking a live schema registry, besides the files, whether each subject's newest
 * schema file would be accepted: the Confluent Schema Registry REST call
 * {@code POST {url}/compatibility/subjects/{subject}/versions/latest?verbose=true} (also served
 * by Apicurio's {@code /apis/ccompat/v7} and by Karapace). The registry applies its own rule for
 * the subject. A subject the registry does not know yet counts as compatible.
 *
 * <pre>{@code
 * RegistryCheck registry = RegistryCheck.at(URI.create("https://registry.example.com"))
 *         .withUserInfo(System.getenv("SCHEMA_REGISTRY_USER_INFO"))   // user:password, never printed
 *         .withSubjectSuffix("-value");                               // folder orders -> subject orders-value
 * SchemaFolderCheck.of(Path.of("schemas")).withRegistry(registry).run().throwIfIncompatible();
 * }</pre>
 */
public final class RegistryCheck {
    private final URI url;
    private final String userInfo;
    private final String subjectSuffix;
    private final Duration timeout;

    private RegistryCheck(URI url, String userInfo, String subjectSuffix, Duration timeout) {
        this.url = url;
        this.userInfo = userInfo;
        this.subjectSuffix = subjectSuffix;
        this.timeout = timeout;
    }

    /**
     * @param url the registry's base URL, e.g. {@code http://localhost:8081} or
     *     {@code http://localhost:8080/apis/ccompat/v7}
     * @throws IllegalArgumentException when the URL is not http(s) or carries credentials
     */
    public static RegistryCheck at(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("Registry URL '" + url + "' is not an http(s) URL with a host;"
                    + " use e.g. http://localhost:8081");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The registry URL carries credentials; remove them from the URL"
                    + " and pass user:password with withUserInfo (the command line reads SCHEMA_REGISTRY_USER_INFO)");
        }
        return new RegistryCheck(url, null, "", Duration.ofSeconds(30));
    }

    /**
     * Basic auth as {@code user:password} (Confluent's {@code basic.auth.user.info}); {@code null} or
     * blank for none. Never printed.
     *
     * @throws IllegalArgumentException when there is no {@code :} (the message does not repeat the value)
     */
    public RegistryCheck withUserInfo(String userInfo) {
        if (userInfo == null || userInfo.isBlank()) {
            return new RegistryCheck(url, null, subjectSuffix, timeout);
        }
        if (userInfo.indexOf(':') < 0) {
            throw new IllegalArgumentException("Registry user info must be user:password (no ':' found; value not shown)");
        }
        return new RegistryCheck(url, userInfo, subjectSuffix, timeout);
    }

    /**
     * Appended to the folder name to form the registry subject, e.g. {@code -value} when folders
     * are named after topics and the registry uses the topic-name strategy. Default: none.
     */
    public RegistryCheck withSubjectSuffix(String suffix) {
        return new RegistryCheck(url, userInfo, Objects.requireNonNull(suffix, "suffix"), timeout);
    }

    /** Connect and request timeout for each call. Default 30 seconds. */
    public RegistryCheck withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("Registry timeout must be positive, was " + timeout);
        }
        return new RegistryCheck(url, userInfo, subjectSuffix, timeout);
    }

    public URI url() {
        return url;
    }

    public String subjectSuffix() {
        return subjectSuffix;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Whether basic-auth credentials are set (they are never returned). */
    public boolean hasUserInfo() {
        return userInfo != null;
    }

    Optional<String> userInfo() {
        return Optional.ofNullable(userInfo);
    }

    @Override
    public String toString() {
        return "RegistryCheck{url=" + url + ", userInfo=" + (userInfo == null ? "none" : "[hidden]")
                + ", subjectSuffix='" + subjectSuffix + "', timeout=" + timeout + "}";
    }
}
