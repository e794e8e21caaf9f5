package dev.eos.testkit.driver.internal;

import java.util.Objects;

/**
 * Where an injected fault may fire inside a client call, and the one fault armed at a time.
 * The driver's client factory hands the same hooks to every client it creates; a client
 * reports each {@link Point} it reaches with {@link #reached}, and the armed fault, once its
 * point has been reached the chosen number of times, runs its action and disarms itself.
 *
 * <p>The hooks decide nothing about what a fault does: the action throws (a crash or an
 * injected client error) or acts on the cluster or the driver (another producer fencing this
 * one, a stop request), and the client's own code then goes on, or not, exactly as it would
 * without the hook.
 *
 * <p>Apart from the one-shot fault, the hooks carry a slow restore: for a number of polls,
 * every {@code poll()} of a consumer with manually assigned partitions (a restore consumer)
 * first runs an action, which moves the driver clock, and returns at most one record, as a
 * slow fetch would. It is armed and spent independently.
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
        AFTER_COMMIT,
        /**
         * At the start of a group consumer's {@code committed()} or {@code position()}: an
         * exception thrown here is one the lookup of a committed offset could end in.
         */
        OFFSET_LOOKUP
    }

    /**
     * What an armed fault does when it fires, given the client it fires in: a producer's
     * transactional id, or a consumer's client id.
     */
    @FunctionalInterface
    public interface Action {
        void fire(String client);
    }

    private Point point;
    private int remaining;
    private Action action;
    private int slowPolls;
    private Runnable eachSlowPoll;

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

    /**
     * Makes the next {@code polls} polls of restore consumers slow: each runs {@code eachPoll}
     * first. Replaces a slow restore armed before; {@code polls} 0 ends it.
     */
    public void slowRestores(int polls, Runnable eachPoll) {
        if (polls < 0) {
            throw new IllegalArgumentException("A slow restore lasts 0 or more polls, got " + polls);
        }
        this.slowPolls = polls;
        this.eachSlowPoll = Objects.requireNonNull(eachPoll, "eachPoll");
    }

    /** How many restore polls will still be slow. */
    public int slowRestorePollsLeft() {
        return slowPolls;
    }

    /** Called by a client at {@code reached}; fires the armed fault if this is its occurrence. */
    void reached(Point reached, String client) {
        if (action == null || reached != point || --remaining > 0) {
            return;
        }
        Action firing = action;
        disarm();
        firing.fire(client);
    }

    /**
     * Called by a restore consumer at the start of each poll.
     *
     * @return the most records this poll may return: 1 for a slow poll, else no limit
     */
    int restorePolled() {
        if (slowPolls > 0) {
            slowPolls--;
            eachSlowPoll.run();
            return 1;
        }
        return Integer.MAX_VALUE;
    }
}
