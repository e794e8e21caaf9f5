package dev.eos.testkit.driver.internal;

import java.util.Objects;

/**
 * Where an injected fault may fire inside a producer call, and the one fault armed at a time.
 * The driver's client factory hands the same hooks to every producer it creates; a producer
 * reports each {@link Point} it reaches with {@link #reached}, and the armed fault, once its
 * point has been reached the chosen number of times, runs its action and disarms itself.
 *
 * <p>The hooks decide nothing about what a fault does: the action throws (a crash or an
 * injected client error) or acts on the cluster (another producer fencing this one), and the
 * producer's own code then goes on, or not, exactly as it would without the hook.
 */
public final class FaultHooks {

    /** A point inside a transactional producer's calls. */
    public enum Point {
        /** In {@code send}, after the record was appended to the open transaction. */
        AFTER_SEND,
        /** At the start of {@code sendOffsetsToTransaction}, before the offsets reach the transaction. */
        BEFORE_SEND_OFFSETS,
        /** At the start of {@code commitTransaction}, before the transaction commits. */
        BEFORE_COMMIT,
        /**
         * In {@code commitTransaction}, after the coordinator committed the transaction and before
         * the call returns: a {@code TimeoutException} thrown here is a commit whose outcome the
         * client does not know, though it did complete.
         */
        AFTER_COMMIT
    }

    /** What an armed fault does when it fires, given the transactional id of the producer it fires in. */
    @FunctionalInterface
    public interface Action {
        void fire(String transactionalId);
    }

    private Point point;
    private int remaining;
    private Action action;

    /**
     * Arms one fault, replacing any armed before: it fires the {@code occurrences}-th time any
     * producer reaches {@code point}.
     *
     * @throws IllegalArgumentException if {@code occurrences} is below 1
     */
    public void arm(Point point, int occurrences, Action action) {
        if (occurrences < 1) {
            throw new IllegalArgumentException("A fault fires at an occurrence from 1 on, got " + occurrences);
        }
        this.point = Objects.requireNonNull(point, "point");
        this.action = Objects.requireNonNull(action, "action");
        this.remaining = occurrences;
    }

    /** Whether a fault is armed and has not fired yet. */
    public boolean armed() {
        return action != null;
    }

    /** Disarms the armed fault, if any, without firing it. */
    public void disarm() {
        point = null;
        action = null;
        remaining = 0;
    }

    /** Called by a producer at {@code reached}; fires the armed fault if this is its occurrence. */
    void reached(Point reached, String transactionalId) {
        if (action == null || reached != point || --remaining > 0) {
            return;
        }
        Action firing = action;
        disarm();
        firing.fire(transactionalId);
    }
}
