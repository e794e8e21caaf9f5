package dev.eos.errors;

import java.time.Duration;
import java.util.Objects;

/**
 * A query could not be answered from this instance right now; {@link #reason()} says why and
 * {@link #retryAfter()} when trying again makes sense. Never thrown for a key that simply has no
 * value (that is {@code null}).
 *
 * <pre>{@code
 * try {
 *     return balances.get(id);
 * } catch (StoreUnavailableException e) {
 *     return Response.status(503).header("Retry-After", e.retryAfter().toSeconds()).entity(e.getMessage());
 * }
 * }</pre>
 */
public class StoreUnavailableException extends EosException {
    /** Why a store cannot be read now. */
    public enum Reason {
        /** The app is not started yet, or is closing, closed, or failed. */
        NOT_RUNNING,
        /** The group is rebalancing: who owns which partition is being decided. */
        REBALANCING,
        /** This instance owns the shard but is still restoring it from its changelog. */
        RESTORING,
        /** This instance does not own the shard (it moved, or was never here): ask the owner. */
        NOT_HOSTED
    }

    private final String storeName;
    private final Reason reason;
    private final Duration retryAfter;

    public StoreUnavailableException(String storeName, Reason reason, Duration retryAfter, String detail) {
        super("State store '" + storeName + "' cannot be queried: " + Objects.requireNonNull(reason, "reason")
                + " (" + detail + "); " + advice(reason, retryAfter));
        this.storeName = storeName;
        this.reason = reason;
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    }

    private static String advice(Reason reason, Duration retryAfter) {
        String when = "retry in " + retryAfter.toMillis() + " ms";
        return switch (reason) {
            case NOT_HOSTED -> "ask the owner from EosApp.metadataForKey, or " + when;
            case NOT_RUNNING -> when + " if the app is starting; a closed or failed app will not answer";
            default -> when;
        };
    }

    public String storeName() {
        return storeName;
    }

    public Reason reason() {
        return reason;
    }

    /** How long to wait before retrying; a hint, not a promise. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
