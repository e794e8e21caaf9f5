package dev.eos.query;

import java.util.Objects;

/**
 * Where an instance serves queries: its {@code application.server} setting.
 *
 * <pre>{@code
 * HostInfo host = HostInfo.parse("accounts-1.accounts:8080");
 * URI uri = URI.create("http://" + host + "/accounts/42");
 * }</pre>
 */
public record HostInfo(String host, int port) {
    public HostInfo {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
    }

    /** Parses {@code host:port} (an IPv6 host in brackets: {@code [::1]:8080}). */
    public static HostInfo parse(String hostAndPort) {
        Objects.requireNonNull(hostAndPort, "hostAndPort");
        int colon = hostAndPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostAndPort.length() - 1) {
            throw new IllegalArgumentException("expected host:port, got '" + hostAndPort + "'");
        }
        String host = hostAndPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostAndPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected host:port with a numeric port, got '" + hostAndPort + "'");
        }
        return new HostInfo(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
