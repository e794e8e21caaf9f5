package dev.eos.avro.registry.internal;

import dev.eos.avro.registry.SchemaRegistryClientConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigException;

/** Parses {@code schema.registry.url} entries and keeps their credentials out of every URL shown. */
public final class RegistryUrls {

    private RegistryUrls() {
    }

    public static URI parseUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistryClientConfig.URL + " has an entry that is not a URL (" + e.getReason()
                    + "); use http(s)://host:port[/path]");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new ConfigException(SchemaRegistryClientConfig.URL + " entry " + withoutUserInfoText(uri)
                    + " is not an http(s) URL with a host; use http(s)://host:port[/path]");
        }
        return uri;
    }

    public static URI withoutUserInfo(URI uri) {
        try {
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            while (path.endsWith("/")) {
                path = path.substring(0, path.length() - 1);
            }
            return new URI(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path);
        } catch (URISyntaxException e) {
            throw new ConfigException(SchemaRegistryClientConfig.URL + " entry " + withoutUserInfoText(uri) + " cannot be used: " + e.getReason());
        }
    }

    public static String withoutUserInfoText(URI uri) {
        String s = uri.toString();
        int at = s.indexOf('@');
        int scheme = s.indexOf("://");
        return at > 0 && scheme >= 0 && at > scheme ? s.substring(0, scheme + 3) + "***@" + s.substring(at + 1) : s;
    }

    public static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
