package dev.eos.testkit.driver;

import dev.eos.testkit.driver.FaultSchedule.Action;
import dev.eos.testkit.driver.FaultSchedule.FaultKind;
import dev.eos.testkit.driver.FaultSchedule.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Draws a {@link FaultSchedule}'s actions from its seed, from two streams: the first gives the
 * actions schedules had before edge cases existed (same seed, same order); the second decides,
 * slot by slot, whether an edge action takes the slot instead, and which.
 */
final class ScheduleGenerator {
    /** About this share of the slots, in percent, holds an edge action. */
    static final int EDGE_PERCENT = 12;

    /** The faults the first stream draws from, in their original order: the old seeds' meaning. */
    private static final FaultKind[] CLASSIC_FAULTS = {
        FaultKind.CRASH_AFTER_RECORDS_SENT, FaultKind.CRASH_AFTER_SEND_BEFORE_COMMIT, FaultKind.CRASH_DURING_COMMIT,
        FaultKind.COMMIT_TIMEOUT, FaultKind.CRASH_AFTER_COMMIT_BEFORE_STORE_WRITE,
        FaultKind.COMMIT_TIMEOUT_AFTER_COMMITTING, FaultKind.COMMIT_ABORTABLE, FaultKind.FENCE_PRODUCER};

    private ScheduleGenerator() {
    }

    static List<Action> generate(long seed, int steps, boolean edgeCases) {
        Random classic = new Random(seed);
        Random edges = new Random(seed * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL);
        List<Action> out = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            if (edgeCases && edges.nextInt(100) < EDGE_PERCENT) {
                out.add(edgeAction(edges));
            } else {
                out.add(classicAction(classic));
            }
        }
        return List.copyOf(out);
    }

    /**
     * Sends and steps dominate so that work flows; clock moves make commits come due mid-stream;
     * crashes and in-step faults are rarer, so most land with some work committed and some not.
     */
    private static Action classicAction(Random random) {
        int roll = random.nextInt(100);
        if (roll < 32) {
            return new Action(Kind.SEND_BATCH, 1 + random.nextInt(FaultSchedule.MAX_BATCH));
        } else if (roll < 64) {
            return new Action(Kind.STEP, 0);
        } else if (roll < 80) {
            return new Action(Kind.ADVANCE_CLOCK, random.nextInt(FaultSchedule.MAX_CLOCK_ADVANCE_MS + 1));
        } else if (roll < 86) {
            return new Action(Kind.CRASH_AND_RESTART, 0);
        } else if (roll < 91) {
            return new Action(Kind.SECOND_INSTANCE, random.nextInt(2));
        }
        FaultKind fault = CLASSIC_FAULTS[random.nextInt(CLASSIC_FAULTS.length)];
        int amount = fault.takesAmount() ? 1 + random.nextInt(FaultSchedule.MAX_CRASH_AFTER_RECORDS) : 0;
        return Action.inject(fault, amount);
    }

    /** One of eight edge actions, equally likely. */
    private static Action edgeAction(Random random) {
        return switch (random.nextInt(8)) {
            case 0 -> new Action(Kind.RESTART_CLEANLY, 0);
            case 1 -> new Action(Kind.HOLD_MARKERS, 1 + random.nextInt(FaultSchedule.MAX_HOLD_ROUNDS));
            case 2 -> new Action(Kind.DELIVER_SOME_MARKERS, random.nextInt(Integer.MAX_VALUE));
            case 3 -> new Action(Kind.EXPEL_MEMBER, random.nextInt(2));
            case 4 -> Action.inject(FaultKind.STOP_AFTER_RECORDS_SENT,
                    1 + random.nextInt(FaultSchedule.MAX_CRASH_AFTER_RECORDS));
            case 5 -> Action.inject(FaultKind.OFFSET_LOOKUP_TIMEOUT, 0);
            case 6 -> Action.inject(FaultKind.EXPEL_AFTER_RECORDS_SENT,
                    1 + random.nextInt(FaultSchedule.MAX_CRASH_AFTER_RECORDS));
            default -> Action.inject(FaultKind.SLOW_RESTORE, 1 + random.nextInt(FaultSchedule.MAX_SLOW_RESTORE_POLLS));
        };
    }
}
