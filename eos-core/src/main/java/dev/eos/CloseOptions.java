package dev.eos;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link EosApp#close(CloseOptions)} stops an app: how long it waits for its threads, and
 * whether their consumers leave the group. Immutable.
 *
 * <ul>
 *   <li>{@link #leaveGroup()} (what {@link EosApp#close()} does): the consumers leave the group,
 *       so the app's partitions move to the other instances at once. For scaling in, and for
 *       stopping an instance that is not coming back.</li>
 *   <li>{@link #remainInGroup()}: with an explicitly set {@code instance.id} the consumers stay
 *       members of the group (static membership), so nothing moves: an instance restarted with the
 *       same {@code instance.id} within the session timeout takes its partitions back without a
 *       rebalance, and its stores are still local. For rolling restarts. If it does not come back,
 *       its partitions wait for the session timeout ({@code consumer.session.timeout.ms} under the
 *       classic protocol, the broker's {@code group.consumer.session.timeout.ms} under
 *       {@code consumer.group.protocol=consumer}) before they move. Without {@code instance.id}
 *       the consumers leave anyway: a restarted instance could not take their place.</li>
 * </ul>
 * Either way each thread first commits the work it has in flight.
 *
 * <pre>{@code
 * // a rolling restart: stop without moving partitions, the new pod takes them back
 * app.close(CloseOptions.remainInGroup().withTimeout(Duration.ofSeconds(20)));
 * }</pre>
 */
public final class CloseOptions {
    /** The time {@link EosApp#close()} waits for its threads. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final boolean leaveGroup;
    private final Duration timeout;

    private CloseOptions(boolean leaveGroup, Duration timeout) {
        this.leaveGroup = leaveGroup;
        this.timeout = timeout;
    }

    /** Leave the group: partitions move to other instances at once. The default of {@link EosApp#close()}. */
    public static CloseOptions leaveGroup() {
        return new CloseOptions(true, DEFAULT_TIMEOUT);
    }

    /** Stay in the group (static members only): for a restart with the same {@code instance.id}. */
    public static CloseOptions remainInGroup() {
        return new CloseOptions(false, DEFAULT_TIMEOUT);
    }

    /**
     * The same options with another wait for the threads to stop.
     *
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public CloseOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("The close timeout must not be negative, got " + timeout);
        }
        return new CloseOptions(leaveGroup, timeout);
    }

    /** Whether the consumers leave the group. */
    public boolean leavesGroup() {
        return leaveGroup;
    }

    /** How long close waits for every thread to stop. */
    public Duration timeout() {
        return timeout;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloseOptions other && other.leaveGroup == leaveGroup && other.timeout.equals(timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leaveGroup, timeout);
    }

    @Override
    public String toString() {
        return "CloseOptions{" + (leaveGroup ? "leaveGroup" : "remainInGroup") + ", timeout=" + timeout + "}";
    }
}
