package dev.eos;

import java.util.Set;

/**
 * The lifecycle of an {@link EosApp}. Allowed transitions:
 * <pre>
 * CREATED -> STARTING -> REBALANCING <-> RUNNING
 * STARTING | REBALANCING | RUNNING -> ERROR
 * any state but CLOSED -> CLOSED
 * </pre>
 *
 * <pre>{@code
 * app.setStateListener((newState, oldState) -> log.info("eos {} -> {}", oldState, newState));
 * }</pre>
 */
public enum AppState {
    CREATED, STARTING, REBALANCING, RUNNING, ERROR, CLOSED;

    /** Whether the app may move from this state to {@code next}. */
    public boolean canMoveTo(AppState next) {
        switch (this) {
            case CREATED:
                return Set.of(STARTING, CLOSED).contains(next);
            case STARTING:
                return Set.of(REBALANCING, RUNNING, ERROR, CLOSED).contains(next);
            case REBALANCING:
                return Set.of(RUNNING, ERROR, CLOSED).contains(next);
            case RUNNING:
                return Set.of(REBALANCING, ERROR, CLOSED).contains(next);
            case ERROR:
                return next == CLOSED;
            default:
                return false;
        }
    }
}
