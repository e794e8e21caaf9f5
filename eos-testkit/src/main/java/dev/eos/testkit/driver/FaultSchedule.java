package dev.eos.testkit.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TransactionAbortableException;

/**
 * A random but reproducible interleaving of input, processing steps, wall-clock moves,
 * crashes and in-step faults, for property-style exactly-once tests: the same seed always gives the same actions,
 * so a failing schedule is replayed by its seed alone.
 *
 * <p>Each action is one of {@link Kind}: send a batch of 1..{@value #MAX_BATCH} records, step
 * every thread once, advance the wall clock by 0..{@value #MAX_CLOCK_ADVANCE_MS} ms, crash
 * and restart the app between steps, start, stop or crash a second instance (so partitions and
 * their state move), or arm a {@link Fault} that strikes inside a later step
 * (one of {@link FaultKind}; only faults the runtime must recover from, never fatal ones). The
 * schedule only drives; the caller sends the records (so it knows what
 * the pipeline should produce), runs {@link PipelineTestDriver#runUntilIdle()} afterwards and
 * verifies.
 *
 * <pre>{@code
 * FaultSchedule schedule = FaultSchedule.random(seed).withSteps(60);
 * List<String> sent = new ArrayList<>();
 * schedule.runOn(driver, count -> {
 *     for (int i = 0; i < count; i++) {
 *         String value = "event-" + sent.size();
 *         in.send("user-" + sent.size() % 7, value);
 *         sent.add(value);
 *     }
 * });
 * driver.runUntilIdle();
 * VerificationReport report = ExactlyOnceVerifier.verify(sent.size(), expected(sent), out.readKeyValues());
 * assertTrue(report.isExactlyOnce(), () -> schedule + ": " + report.describe());
 * }</pre>
 *
 * <p>Immutable and thread safe; {@link #toString()} names the seed and the step count, which
 * is all it takes to rebuild the schedule.
 */
public final class FaultSchedule {
    /** Actions in a schedule from {@link #random(long)} unless {@link #withSteps(int)} says otherwise. */
    public static final int DEFAULT_STEPS = 40;
    /** The largest batch a {@link Kind#SEND_BATCH} action sends. */
    public static final int MAX_BATCH = 8;
    /** The largest wall-clock move of an {@link Kind#ADVANCE_CLOCK} action, in milliseconds. */
    public static final int MAX_CLOCK_ADVANCE_MS = 200;
    /** The largest record count of a {@link FaultKind#CRASH_AFTER_RECORDS_SENT} fault. */
    public static final int MAX_CRASH_AFTER_RECORDS = 5;

    /** What an action does to the driver. */
    public enum Kind {
        /** The caller sends {@link Action#amount()} records. */
        SEND_BATCH,
        /** {@link PipelineTestDriver#stepOnce()}. */
        STEP,
        /** {@link PipelineTestDriver#advanceWallClock(Duration)} by {@link Action#amount()} ms. */
        ADVANCE_CLOCK,
        /** {@link PipelineTestDriver#crashAndRestart()}. */
        CRASH_AND_RESTART,
        /** {@link PipelineTestDriver#injectFault(Fault)} with {@link Action#toFault()}. */
        INJECT_FAULT,
        /**
         * Scale out or in: {@link PipelineTestDriver#startSecondInstance()} if no second instance
         * runs; otherwise {@link PipelineTestDriver#stopSecondInstance()} ({@link Action#amount()}
         * 0) or {@link PipelineTestDriver#crashSecondInstance()} (amount 1). Partitions, and the
         * tasks' state with them, move between the instances.
         */
        SECOND_INSTANCE
    }

    /**
     * Which {@link Fault} an {@link Kind#INJECT_FAULT} action arms. All are faults the runtime
     * must recover from with exactly-once intact; fatal ones (an authorization error) are never
     * drawn, since they stop the app by design.
     */
    public enum FaultKind {
        /** {@link Fault#crashAfterRecordsSent(int)} with {@link Action#amount()} records (1..{@value #MAX_CRASH_AFTER_RECORDS}). */
        CRASH_AFTER_RECORDS_SENT("crash-after-%d-sent"),
        /** {@link Fault#crashAfterSendBeforeCommit()}. */
        CRASH_AFTER_SEND_BEFORE_COMMIT("crash-before-commit"),
        /** {@link Fault#crashDuringCommit()}. */
        CRASH_DURING_COMMIT("crash-during-commit"),
        /** {@link Fault#failNextCommitWith} a {@code TimeoutException("injected")}: retriable. */
        COMMIT_TIMEOUT("commit-timeout"),
        /** {@link Fault#crashAfterCommitBeforeStoreWrite()}. */
        CRASH_AFTER_COMMIT_BEFORE_STORE_WRITE("crash-after-commit"),
        /** {@link Fault#commitTimesOutAfterCommitting()}: committed, but the client saw a timeout. */
        COMMIT_TIMEOUT_AFTER_COMMITTING("commit-timeout-after-commit"),
        /** {@link Fault#failNextCommitWith} a {@code TransactionAbortableException("injected")}. */
        COMMIT_ABORTABLE("commit-abortable"),
        /** {@link Fault#fenceProducer()}. */
        FENCE_PRODUCER("fence-producer");

        private final String label;

        FaultKind(String label) {
            this.label = label;
        }

        private Fault toFault(int amount) {
            return switch (this) {
                case CRASH_AFTER_RECORDS_SENT -> Fault.crashAfterRecordsSent(amount);
                case CRASH_AFTER_SEND_BEFORE_COMMIT -> Fault.crashAfterSendBeforeCommit();
                case CRASH_DURING_COMMIT -> Fault.crashDuringCommit();
                case CRASH_AFTER_COMMIT_BEFORE_STORE_WRITE -> Fault.crashAfterCommitBeforeStoreWrite();
                case COMMIT_TIMEOUT -> Fault.failNextCommitWith(new TimeoutException("injected"));
                case COMMIT_TIMEOUT_AFTER_COMMITTING -> Fault.commitTimesOutAfterCommitting();
                case COMMIT_ABORTABLE -> Fault.failNextCommitWith(new TransactionAbortableException("injected"));
                case FENCE_PRODUCER -> Fault.fenceProducer();
            };
        }
    }

    /**
     * One action of a schedule.
     *
     * @param kind   what it does
     * @param amount records to send for {@link Kind#SEND_BATCH}, milliseconds for
     *               {@link Kind#ADVANCE_CLOCK}, records for a
     *               {@link FaultKind#CRASH_AFTER_RECORDS_SENT} fault, 0 otherwise
     * @param fault  the fault an {@link Kind#INJECT_FAULT} action arms; null for every other kind
     */
    public record Action(Kind kind, int amount, FaultKind fault) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            if (amount < 0) {
                throw new IllegalArgumentException("An action's amount must not be negative, got " + amount);
            }
            if ((kind == Kind.INJECT_FAULT) != (fault != null)) {
                throw new IllegalArgumentException("An action names a fault if and only if it injects one; got "
                        + kind + " with fault " + fault);
            }
            if (fault == FaultKind.CRASH_AFTER_RECORDS_SENT && amount < 1) {
                throw new IllegalArgumentException("A crash after records sent needs at least 1 record, got " + amount);
            }
            if (kind == Kind.INJECT_FAULT && fault != FaultKind.CRASH_AFTER_RECORDS_SENT && amount != 0) {
                throw new IllegalArgumentException("Fault " + fault + " takes no amount, got " + amount);
            }
        }

        /** An action of any kind but {@link Kind#INJECT_FAULT}. */
        public Action(Kind kind, int amount) {
            this(kind, amount, null);
        }

        /** An {@link Kind#INJECT_FAULT} action arming {@code fault} ({@code amount} as for {@link FaultKind}). */
        public static Action inject(FaultKind fault, int amount) {
            return new Action(Kind.INJECT_FAULT, amount, Objects.requireNonNull(fault, "fault"));
        }

        /**
         * The fault this action arms, a fresh one each call.
         *
         * @throws IllegalStateException if the action is not an {@link Kind#INJECT_FAULT}
         */
        public Fault toFault() {
            if (fault == null) {
                throw new IllegalStateException("A " + kind + " action injects no fault");
            }
            return fault.toFault(amount);
        }

        /** Compact: {@code send 3}, {@code step}, {@code advance 120ms}, {@code crash}, {@code fault crash-during-commit}. */
        @Override
        public String toString() {
            return switch (kind) {
                case SEND_BATCH -> "send " + amount;
                case ADVANCE_CLOCK -> "advance " + amount + "ms";
                case STEP -> "step";
                case CRASH_AND_RESTART -> "crash";
                case SECOND_INSTANCE -> amount == 0 ? "second-instance" : "second-instance-or-crash-it";
                case INJECT_FAULT -> "fault " + fault.label.replace("%d", String.valueOf(amount));
            };
        }
    }

    private static final FaultKind[] FAULT_KINDS = FaultKind.values();

    private final long seed;
    private final List<Action> actions;

    private FaultSchedule(long seed, int steps) {
        this.seed = seed;
        this.actions = generate(seed, steps);
    }

    /** A schedule of {@value #DEFAULT_STEPS} actions drawn from {@code seed}. */
    public static FaultSchedule random(long seed) {
        return new FaultSchedule(seed, DEFAULT_STEPS);
    }

    /**
     * The schedule of the same seed with {@code steps} actions.
     *
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public FaultSchedule withSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("A schedule's steps must not be negative, got " + steps);
        }
        return new FaultSchedule(seed, steps);
    }

    /** The seed the actions were drawn from. */
    public long seed() {
        return seed;
    }

    /** The actions, in the order {@link #runOn} applies them. */
    public List<Action> actions() {
        return actions;
    }

    /** The records all {@link Kind#SEND_BATCH} actions together ask for. */
    public int recordsToSend() {
        return actions.stream().filter(a -> a.kind() == Kind.SEND_BATCH).mapToInt(Action::amount).sum();
    }

    /**
     * Applies the actions to {@code driver} in order; for a {@link Kind#SEND_BATCH} it calls
     * {@code sendRecords} with the batch size and leaves the sending to the caller. It neither
     * runs the driver until idle at the end nor closes it.
     *
     * <p>An {@link Kind#INJECT_FAULT} replaces a fault armed before that has not fired yet (as
     * {@link PipelineTestDriver#injectFault(Fault)} does), so not every injected fault fires; the
     * last one may still be pending when this returns and fire in the caller's
     * {@link PipelineTestDriver#runUntilIdle()} (see {@link PipelineTestDriver#faultPending()}).
     *
     * @return how many injected faults fired while the actions were applied
     * @throws RuntimeException what a step threw, as {@link PipelineTestDriver#stepOnce()} does;
     *                          the remaining actions are then not applied
     */
    public int runOn(PipelineTestDriver driver, IntConsumer sendRecords) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(sendRecords, "sendRecords");
        int fired = 0;
        for (Action action : actions) {
            boolean pendingBefore = driver.faultPending();
            switch (action.kind()) {
                case SEND_BATCH -> sendRecords.accept(action.amount());
                case STEP -> driver.stepOnce();
                case ADVANCE_CLOCK -> driver.advanceWallClock(Duration.ofMillis(action.amount()));
                case CRASH_AND_RESTART -> driver.crashAndRestart();
                case INJECT_FAULT -> driver.injectFault(action.toFault());
                case SECOND_INSTANCE -> {
                    if (!driver.secondInstanceRunning()) {
                        driver.startSecondInstance();
                    } else if (action.amount() == 0) {
                        driver.stopSecondInstance();
                    } else {
                        driver.crashSecondInstance();
                    }
                }
            }
            if (pendingBefore && action.kind() != Kind.INJECT_FAULT && !driver.faultPending()) {
                fired++;
            }
        }
        return fired;
    }

    /** {@code FaultSchedule[seed=42, steps=40]}: enough to rebuild it. */
    @Override
    public String toString() {
        return "FaultSchedule[seed=" + seed + ", steps=" + actions.size() + "]";
    }

    /**
     * Draws the actions. Sends and steps dominate so that work flows; clock moves make commits
     * come due mid-stream; crashes and in-step faults are rarer, so most land with some work
     * committed and some not.
     */
    private static List<Action> generate(long seed, int steps) {
        Random random = new Random(seed);
        List<Action> out = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            int roll = random.nextInt(100);
            if (roll < 32) {
                out.add(new Action(Kind.SEND_BATCH, 1 + random.nextInt(MAX_BATCH)));
            } else if (roll < 64) {
                out.add(new Action(Kind.STEP, 0));
            } else if (roll < 80) {
                out.add(new Action(Kind.ADVANCE_CLOCK, random.nextInt(MAX_CLOCK_ADVANCE_MS + 1)));
            } else if (roll < 86) {
                out.add(new Action(Kind.CRASH_AND_RESTART, 0));
            } else if (roll < 91) {
                out.add(new Action(Kind.SECOND_INSTANCE, random.nextInt(2)));
            } else {
                FaultKind fault = FAULT_KINDS[random.nextInt(FAULT_KINDS.length)];
                int amount = fault == FaultKind.CRASH_AFTER_RECORDS_SENT ? 1 + random.nextInt(MAX_CRASH_AFTER_RECORDS) : 0;
                out.add(Action.inject(fault, amount));
            }
        }
        return List.copyOf(out);
    }
}
