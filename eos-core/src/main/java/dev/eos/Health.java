package dev.eos;

import java.util.List;
import java.util.Objects;

/**
 * What an operator needs to know about a running {@link EosApp}: whether it is healthy and, if
 * not, why. A liveness probe restarts an app that is {@link Status#DOWN}; a readiness probe
 * routes traffic only to an app that is {@link Status#UP}.
 *
 * <pre>{@code
 * Health health = app.health();
 * if (!health.isLive()) {
 *     log.error("Eos is down: {}", health.reasons());
 * }
 * }</pre>
 *
 * @param status  the overall status
 * @param reasons why the status is not {@link Status#UP} (empty when it is), each a sentence
 */
public record Health(Status status, List<String> reasons) {
    /** The overall status of an app, worst first. */
    public enum Status {
        /** The app cannot process: a thread died, it is fenced repeatedly, it is stuck, or it is closed. */
        DOWN,
        /** The group is moving partitions; the app processes again when it settles. */
        REBALANCING,
        /** Stores of newly assigned tasks are being restored from their changelogs. */
        RESTORING,
        /** Every thread processes its partitions. */
        UP
    }

    public Health {
        Objects.requireNonNull(status, "status");
        reasons = List.copyOf(reasons);
    }

    /** Whether the process should be left running (anything but {@link Status#DOWN}). */
    public boolean isLive() {
        return status != Status.DOWN;
    }

    /** Whether the app is ready to do its work ({@link Status#UP}). */
    public boolean isReady() {
        return status == Status.UP;
    }
}
