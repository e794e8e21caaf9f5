package dev.eos.testkit.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * A random but reproducible interleaving of input, processing steps, wall-clock moves and
 * crashes, for property-style exactly-once tests: the same seed always gives the same actions,
 * so a failing schedule is replayed by its seed alone.
 *
 * <p>Each action is one of {@link Kind}: send a batch of 1..{@value #MAX_BATCH} records, step
 * every thread once, advance the wall clock by 0..{@value #MAX_CLOCK_ADVANCE_MS} ms, or crash
 * and restart the app. The schedule only drives; the caller sends the records (so it knows what
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

    /** What an action does to the driver. */
    public enum Kind {
        /** The caller sends {@link Action#amount()} records. */
        SEND_BATCH,
        /** {@link PipelineTestDriver#stepOnce()}. */
        STEP,
        /** {@link PipelineTestDriver#advanceWallClock(Duration)} by {@link Action#amount()} ms. */
        ADVANCE_CLOCK,
        /** {@link PipelineTestDriver#crashAndRestart()}. */
        CRASH_AND_RESTART
    }

    /**
     * One action of a schedule.
     *
     * @param kind   what it does
     * @param amount records to send for {@link Kind#SEND_BATCH}, milliseconds for
     *               {@link Kind#ADVANCE_CLOCK}, 0 otherwise
     */
    public record Action(Kind kind, int amount) {
        public Action {
            Objects.requireNonNull(kind, "kind");
            if (amount < 0) {
                throw new IllegalArgumentException("An action's amount must not be negative, got " + amount);
            }
        }

        @Override
        public String toString() {
            return switch (kind) {
                case SEND_BATCH -> "send " + amount;
                case ADVANCE_CLOCK -> "advance " + amount + "ms";
                case STEP -> "step";
                case CRASH_AND_RESTART -> "crash";
            };
        }
    }

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
     * @throws RuntimeException what a step threw, as {@link PipelineTestDriver#stepOnce()} does;
     *                          the remaining actions are then not applied
     */
    public void runOn(PipelineTestDriver driver, IntConsumer sendRecords) {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(sendRecords, "sendRecords");
        for (Action action : actions) {
            switch (action.kind()) {
                case SEND_BATCH -> sendRecords.accept(action.amount());
                case STEP -> driver.stepOnce();
                case ADVANCE_CLOCK -> driver.advanceWallClock(Duration.ofMillis(action.amount()));
                case CRASH_AND_RESTART -> driver.crashAndRestart();
            }
        }
    }

    /** {@code FaultSchedule[seed=42, steps=40]}: enough to rebuild it. */
    @Override
    public String toString() {
        return "FaultSchedule[seed=" + seed + ", steps=" + actions.size() + "]";
    }

    /**
     * Draws the actions. Sends and steps dominate so that work flows; clock moves make commits
     * come due mid-stream; crashes are rarer, so most land with some work committed and some not.
     */
    private static List<Action> generate(long seed, int steps) {
        Random random = new Random(seed);
        List<Action> out = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            int roll = random.nextInt(100);
            if (roll < 35) {
                out.add(new Action(Kind.SEND_BATCH, 1 + random.nextInt(MAX_BATCH)));
            } else if (roll < 70) {
                out.add(new Action(Kind.STEP, 0));
            } else if (roll < 88) {
                out.add(new Action(Kind.ADVANCE_CLOCK, random.nextInt(MAX_CLOCK_ADVANCE_MS + 1)));
            } else {
                out.add(new Action(Kind.CRASH_AND_RESTART, 0));
            }
        }
        return List.copyOf(out);
    }
}
