package dev.eos.internal.runtime;

import dev.eos.AppState;
import dev.eos.StateListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The app's {@link AppState}, changed only through {@link #moveTo}, which logs both states. */
public final class AppStateMachine {
    private static final Logger log = LoggerFactory.getLogger(AppStateMachine.class);

    private final String applicationId;
    private AppState state = AppState.CREATED;
    private volatile StateListener listener = (n, o) -> { };

    public AppStateMachine(String applicationId) {
        this.applicationId = applicationId;
    }

    public synchronized AppState state() {
        return state;
    }

    /** Passes restoration progress to the listener; a failing listener is logged, not propagated. */
    public void reportRestore(dev.eos.RestoreProgress progress) {
        try {
            listener.onRestore(progress);
        } catch (RuntimeException e) {
            log.warn("The state listener failed on restore progress {}", progress, e);
        }
    }

    public void setListener(StateListener listener) {
        this.listener = listener;
    }

    /**
     * Moves to {@code next} if allowed from the current state.
     *
     * @return whether the state changed
     */
    public boolean moveTo(AppState next) {
        AppState old;
        synchronized (this) {
            if (state == next || !state.canMoveTo(next)) {
                return false;
            }
            old = state;
            state = next;
            notifyAll();
        }
        log.info("Eos app {}: state {} -> {}", applicationId, old, next);
        try {
            listener.onChange(next, old);
        } catch (RuntimeException e) {
            log.warn("The state listener failed on {} -> {}", old, next, e);
        }
        return true;
    }

    /** Waits until the state is {@code wanted}; returns whether it got there in time. */
    public synchronized boolean await(AppState wanted, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (state != wanted) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
