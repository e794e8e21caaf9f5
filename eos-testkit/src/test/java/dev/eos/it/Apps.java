package dev.eos.it;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import java.time.Duration;

/** Running in-process Eos apps in integration tests. */
final class Apps {
    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(60);

    private Apps() {
    }

    /** Starts {@code app} and waits until it is RUNNING; fails with its fatal error if it stops. */
    static void startAndAwaitRunning(EosApp app) throws InterruptedException {
        app.start();
        Await.until("app reaches RUNNING", START_TIMEOUT, () -> {
            failIfDead(app);
            return app.state() == AppState.RUNNING;
        });
    }

    /**
     * Runs {@code pipeline} until its group has committed the end of every partition of
     * {@code input}, then closes it (which commits nothing more: there is nothing in flight).
     */
    static void runUntilConsumed(EmbeddedKafkaCluster kafka, Pipeline pipeline, EosConfig config, String input)
            throws InterruptedException {
        try (EosApp app = EosApp.create(pipeline, config)) {
            startAndAwaitRunning(app);
            awaitAllConsumed(kafka, app, config.applicationId(), input);
        }
    }

    /**
     * Waits until group {@code groupId} has committed the end offset of every partition of
     * {@code input} (written without transactions); fails at once if {@code app} stops.
     */
    static void awaitAllConsumed(EmbeddedKafkaCluster kafka, EosApp app, String groupId, String input)
            throws InterruptedException {
        KafkaIo.awaitAllConsumed(kafka, groupId, input, PROCESS_TIMEOUT, () -> failIfDead(app));
    }

    private static void failIfDead(EosApp app) {
        if (app != null && (app.state() == AppState.ERROR || app.state() == AppState.CLOSED)) {
            throw new AssertionError("The app stopped in state " + app.state() + " with fatal error "
                    + app.fatalError(), app.fatalError());
        }
    }
}
