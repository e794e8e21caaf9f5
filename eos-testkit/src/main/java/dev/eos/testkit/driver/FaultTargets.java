package dev.eos.testkit.driver;

import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.time.Duration;

/** What a {@link Fault} may act on when it fires: the cluster, the primary instance, the clock. */
interface FaultTargets {

    InMemoryKafka kafka();

    /**
     * Asks every thread of the primary instance to stop, as {@code EosApp.close()} does; once the
     * running step returns, the driver shuts the instance down cleanly and starts it again.
     */
    void requestStopOfPrimary();

    /**
     * Removes the group member of the thread whose producer has {@code transactionalId} from the
     * group, as when its session times out; the thread keeps running and learns at its next poll.
     */
    void expelMemberOf(String transactionalId);

    /** Moves the driver clock forward, inside the running step. */
    void advanceClock(Duration by);
}
