package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.testkit.driver.FaultSchedule.Action;
import dev.eos.testkit.driver.FaultSchedule.FaultKind;
import dev.eos.testkit.driver.FaultSchedule.Kind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What seeds draw: the actions of before edge cases existed, with edge actions in some slots. */
class FaultScheduleTest {
    private static final Set<Kind> EDGE_KINDS = EnumSet.of(Kind.RESTART_CLEANLY, Kind.HOLD_MARKERS,
            Kind.DELIVER_SOME_MARKERS, Kind.EXPEL_MEMBER);
    private static final Set<FaultKind> EDGE_FAULTS = EnumSet.of(FaultKind.STOP_AFTER_RECORDS_SENT,
            FaultKind.OFFSET_LOOKUP_TIMEOUT, FaultKind.EXPEL_AFTER_RECORDS_SENT, FaultKind.SLOW_RESTORE);

    @Test
    void edgeActionsTakeSomeSlotsAndTheOtherSlotsKeepTheSeedsOldActionsInOrder() {
        for (long seed = 1; seed <= 50; seed++) {
            List<Action> classic = FaultSchedule.random(seed).withSteps(60).withEdgeCases(false).actions();
            List<Action> withEdges = FaultSchedule.random(seed).withSteps(60).actions();

            List<Action> kept = withEdges.stream().filter(a -> !isEdge(a)).toList();
            assertThat(withEdges).hasSize(60);
            assertThat(classic).noneMatch(FaultScheduleTest::isEdge).startsWith(kept.toArray(Action[]::new));
        }
    }

    @Test
    void seedsReachEveryEdgeActionAndFault() {
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        Set<FaultKind> faults = EnumSet.noneOf(FaultKind.class);
        int seedsWithEdges = 0;
        for (long seed = 1; seed <= 200; seed++) {
            List<Action> actions = FaultSchedule.random(seed).withSteps(60).actions();
            actions.forEach(a -> {
                kinds.add(a.kind());
                if (a.fault() != null) {
                    faults.add(a.fault());
                }
            });
            if (actions.stream().anyMatch(FaultScheduleTest::isEdge)) {
                seedsWithEdges++;
            }
        }
        assertThat(kinds).containsAll(EDGE_KINDS);
        assertThat(faults).containsAll(EDGE_FAULTS);
        assertThat(seedsWithEdges).isGreaterThan(180);
    }

    @Test
    void edgeActionsDescribeThemselvesCompactly() {
        assertThat(new Action(Kind.HOLD_MARKERS, 3)).hasToString("hold-markers 3");
        assertThat(new Action(Kind.EXPEL_MEMBER, 1)).hasToString("expel 1");
        assertThat(new Action(Kind.RESTART_CLEANLY, 0)).hasToString("restart-cleanly");
        assertThat(Action.inject(FaultKind.STOP_AFTER_RECORDS_SENT, 2)).hasToString("fault stop-after-2-sent");
        assertThat(Action.inject(FaultKind.SLOW_RESTORE, 4)).hasToString("fault slow-restore-4-polls");
        assertThat(Action.inject(FaultKind.OFFSET_LOOKUP_TIMEOUT, 0).toFault().toString())
                .contains("committed()/position()");
        assertThat(FaultSchedule.random(9).withEdgeCases(false))
                .hasToString("FaultSchedule[seed=9, steps=40, without edge cases]");
    }

    private static boolean isEdge(Action action) {
        return EDGE_KINDS.contains(action.kind()) || EDGE_FAULTS.contains(action.fault());
    }
}
