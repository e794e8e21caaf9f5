package dev.eos.micrometer;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the {@link OpsEndpoint} listens and what it serves. Immutable: each {@code with...}
 * returns a copy.
 *
 * <pre>{@code
 * OpsEndpointOptions options = OpsEndpointOptions.bindTo("0.0.0.0", 9464)
 *         .withMetricsPath("/prometheus");
 * }</pre>
 *
 * <p>Defaults: {@code /health/live}, {@code /health/ready}, {@code /metrics}, and a
 * {@link PrometheusMeterRegistry} of the endpoint's own (give yours with {@link #withRegistry}
 * to serve other meters too, e.g. JVM metrics).
 */
public final class OpsEndpointOptions {
    private final InetSocketAddress address;
    private final String livePath;
    private final String readyPath;
    private final String metricsPath;
    private final PrometheusMeterRegistry registry;

    private OpsEndpointOptions(InetSocketAddress address, String livePath, String readyPath, String metricsPath,
                               PrometheusMeterRegistry registry) {
        this.address = address;
        this.livePath = livePath;
        this.readyPath = readyPath;
        this.metricsPath = metricsPath;
        this.registry = registry;
    }

    /** Listens on {@code address}; port 0 picks a free port ({@link OpsEndpoint#address()} tells which). */
    public static OpsEndpointOptions bindTo(InetSocketAddress address) {
        return new OpsEndpointOptions(Objects.requireNonNull(address, "address"), "/health/live", "/health/ready",
                "/metrics", null);
    }

    /** Listens on {@code host:port}, e.g. {@code bindTo("127.0.0.1", 9464)}. */
    public static OpsEndpointOptions bindTo(String host, int port) {
        return bindTo(new InetSocketAddress(Objects.requireNonNull(host, "host"), port));
    }

    public OpsEndpointOptions withLivePath(String path) {
        return new OpsEndpointOptions(address, checked(path, "live"), readyPath, metricsPath, registry);
    }

    public OpsEndpointOptions withReadyPath(String path) {
        return new OpsEndpointOptions(address, livePath, checked(path, "ready"), metricsPath, registry);
    }

    public OpsEndpointOptions withMetricsPath(String path) {
        return new OpsEndpointOptions(address, livePath, readyPath, checked(path, "metrics"), registry);
    }

    /** Serves {@code /metrics} from this registry; Eos's meters are bound to it while the endpoint runs. */
    public OpsEndpointOptions withRegistry(PrometheusMeterRegistry registry) {
        return new OpsEndpointOptions(address, livePath, readyPath, metricsPath,
                Objects.requireNonNull(registry, "registry"));
    }

    public InetSocketAddress address() {
        return address;
    }

    public String livePath() {
        return livePath;
    }

    public String readyPath() {
        return readyPath;
    }

    public String metricsPath() {
        return metricsPath;
    }

    public Optional<PrometheusMeterRegistry> registry() {
        return Optional.ofNullable(registry);
    }

    private static String checked(String path, String what) {
        Objects.requireNonNull(path, what + " path");
        if (!path.startsWith("/") || path.length() < 2) {
            throw new IllegalArgumentException("The ops endpoint's " + what + " path must start with '/' and name "
                    + "something, got '" + path + "'; e.g. \"/health/" + what + "\"");
        }
        return path;
    }

    @Override
    public String toString() {
        return "OpsEndpointOptions{address=" + address + ", live=" + livePath + ", ready=" + readyPath
                + ", metrics=" + metricsPath + "}";
    }
}
