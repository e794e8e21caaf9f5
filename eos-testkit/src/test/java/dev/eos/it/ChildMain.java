package dev.eos.it;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.RestoreProgress;
import dev.eos.StateListener;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The child side of {@link ChildPipeline}: what every crash-test main does with its app once it
 * is built. Public, and shipped in eos-testkit's test jar, for the crash tests of other modules.
 *
 * <pre>{@code
 * EosApp app = EosApp.create(pipeline, config);
 * ChildMain.run(app);   // prints READY, runs until killed, SIGTERM or the test JVM's exit
 * }</pre>
 */
public final class ChildMain {
    /** Prefix of the line {@code RESTORED <store> <partition> <records>} printed per restored shard. */
    public static final String RESTORED = "RESTORED";

    private ChildMain() {
    }

    /**
     * Starts the app and never returns. Prints {@value ChildPipeline#READY} once it is RUNNING and
     * a {@value #RESTORED} line whenever a store shard finished restoring; closes it on SIGTERM;
     * exits when the test JVM is gone (stdin closes); exits 2 if the app ended in ERROR, else 0.
     */
    public static void run(EosApp app) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean ready = new AtomicBoolean();
        app.setStateListener(new StateListener() {
            @Override
            public void onChange(AppState now, AppState before) {
                if (now == AppState.RUNNING && ready.compareAndSet(false, true)) {
                    print(ChildPipeline.READY);
                }
                if (now == AppState.ERROR || now == AppState.CLOSED) {
                    stopped.countDown();
                }
            }

            @Override
            public void onRestore(RestoreProgress p) {
                if (p.done()) {
                    print(RESTORED + " " + p.store() + " " + p.partition() + " " + p.restored());
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> app.close(Duration.ofSeconds(10))));
        daemon("orphan-watch", () -> {
            try {
                while (System.in.read() != -1) {
                    // the test never writes; EOF means it is gone
                }
            } catch (IOException ignored) {
                // same as EOF
            }
            // EOF: the test JVM is gone, or it sent SIGTERM and closed the pipe. Exit through the
            // shutdown hook either way (System.exit blocks if shutdown has begun already).
            System.exit(3);
        });
        app.start();
        stopped.await();
        System.exit(app.state() == AppState.ERROR ? 2 : 0);
    }

    /** One line on stdout, flushed at once, so the test sees it while the child runs. */
    public static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Sleeps 1 ms every {@code recordsPerMs} records (none if it is 0), so kills land mid-transaction. */
    public static void throttle(long n, int recordsPerMs) {
        if (recordsPerMs > 0 && n % recordsPerMs == 0) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts {@code body} on a daemon thread. */
    public static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }
}
