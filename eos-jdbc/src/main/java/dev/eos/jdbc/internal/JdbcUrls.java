package dev.eos.jdbc.internal;

import java.util.regex.Pattern;

/**
 * JDBC URLs as they may be printed: credentials a URL can carry are replaced by {@code [hidden]}.
 * Covers the forms drivers accept: user info ({@code //user:password@host}), an Oracle-style
 * {@code user/password@host}, and properties in the query or after semicolons whose name
 * contains {@code password}, {@code pwd}, {@code secret}, {@code token} or {@code key}
 * ({@code ?password=...}, {@code ;PASSWORD=...}, {@code &sslpassword=...}).
 *
 * <pre>{@code
 * JdbcUrls.withoutCredentials("jdbc:postgresql://db:5432/app?user=app&password=s3cret");
 * // "jdbc:postgresql://db:5432/app?user=app&password=[hidden]"
 * }</pre>
 */
public final class JdbcUrls {
    public static final String HIDDEN = "[hidden]";

    private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?;]*):[^/@?]*@");
    private static final Pattern ORACLE_STYLE = Pattern.compile("(:thin:[^/@:]*)/[^@]*@");
    private static final Pattern SECRET_PROPERTY = Pattern.compile(
            "([?&;](?:[^=&;?]*?)(?:password|passwd|pwd|secret|token|key)[^=&;?]*=)[^&;]*", Pattern.CASE_INSENSITIVE);

    private JdbcUrls() {
    }

    public static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        String out = USER_INFO.matcher(url).replaceAll("$1:" + HIDDEN + "@");
        out = ORACLE_STYLE.matcher(out).replaceAll("$1/" + HIDDEN + "@");
        return SECRET_PROPERTY.matcher(out).replaceAll("$1" + HIDDEN);
    }
}
