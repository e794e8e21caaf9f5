package dev.eos.internal.runtime;

import dev.eos.processor.Cancellable;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Punctuator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The punctuation schedules of one task. A schedule's next due time is part of the task's
 * transactional state: if the transaction aborts, due times return to their committed values so
 * the replayed input fires the same punctuations again.
 *
 * <p>A task with an external sink that keeps its source offsets in the external system refuses
 * every schedule ({@link #refuseBecauseOf}): a punctuator's output has no source offset, so the
 * sink's offsets cannot say whether it was written, and after the sink's commit and a failed Kafka
 * commit it would be written again.
 */
final class Punctuations {

    /** Runs a punctuator as the node that scheduled it, so failures name that node. */
    interface Runner {
        void run(String nodeName, Punctuator punctuator, long timestamp);
    }

    private static final class Schedule implements Cancellable {
        final String node;
        final long intervalMs;
        final PunctuationType type;
        final Punctuator punctuator;
        long nextDue = -1;
        long committedNextDue = -1;
        boolean cancelled;

        Schedule(String node, long intervalMs, PunctuationType type, Punctuator punctuator) {
            this.node = node;
            this.intervalMs = intervalMs;
            this.type = type;
            this.punctuator = punctuator;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    private final List<Schedule> schedules = new ArrayList<>();
    private String offsetOwningSink;

    /**
     * From now on every {@link #schedule} fails, because the task writes to {@code sink}, which
     * keeps its source offsets in the external system.
     *
     * @throws PunctuationRefusedException if a node scheduled a punctuation already
     */
    void refuseBecauseOf(String sink) {
        if (!schedules.isEmpty()) {
            throw new PunctuationRefusedException(schedules.get(0).node, sink);
        }
        offsetOwningSink = sink;
    }

    Cancellable schedule(String node, Duration interval, PunctuationType type, Punctuator punctuator) {
        if (offsetOwningSink != null) {
            throw new PunctuationRefusedException(node, offsetOwningSink);
        }
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException("Punctuation interval must be at least 1 ms, got " + interval);
        }
        Schedule s = new Schedule(node, interval.toMillis(), type, punctuator);
        schedules.add(s);
        return s;
    }

    boolean isEmpty() {
        return schedules.isEmpty();
    }

    /**
     * Fires every schedule of {@code type} that is due at {@code now}, once each. Due times are
     * multiples of the interval: a new schedule is first due at the first multiple after
     * {@code since} (the time before this call: the task's committed stream time after a restart
     * or a move, or {@code now} for a brand-new task), so the same input fires the same
     * punctuations whether or not the task was restarted in between.
     */
    void fire(PunctuationType type, long now, long since, Runner runner) {
        if (now < 0) {
            return;
        }
        for (int i = 0; i < schedules.size(); i++) {
            Schedule s = schedules.get(i);
            if (s.cancelled || s.type != type) {
                continue;
            }
            if (s.nextDue < 0) {
                long base = since >= 0 ? Math.min(since, now) : now;
                s.nextDue = (base / s.intervalMs + 1) * s.intervalMs;
            }
            if (now >= s.nextDue) {
                long missed = (now - s.nextDue) / s.intervalMs;
                s.nextDue += (missed + 1) * s.intervalMs;
                runner.run(s.node, s.punctuator, now);
            }
        }
        schedules.removeIf(s -> s.cancelled);
    }

    void onCommitted() {
        schedules.forEach(s -> s.committedNextDue = s.nextDue);
    }

    void onAborted() {
        schedules.forEach(s -> s.nextDue = s.committedNextDue);
    }
}
