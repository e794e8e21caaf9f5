package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosApp;
import dev.eos.UncaughtErrorPolicy;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review H5: {@code EosApp.close()} while a processing thread prepares a new task. The thread
 * reads the task's stream time with {@code consumer.committed(...)} in its loop (TaskStartup,
 * up to a second per attempt, longer while offsets are unstable). {@code close()} calls
 * {@code requestStop()}, which wakes the consumer; a real {@code KafkaConsumer} then throws
 * {@code WakeupException} from {@code committed()} (its Javadoc says so). TaskStartup wraps every
 * non-timeout failure in a {@code TaskCreationFailure}; the loop recognises a wake-up only when it
 * is the exception itself, so the wrapped one is classified fatal: the thread "dies" during a
 * clean close, the uncaught-error handler is called with it, the error is logged as fatal and the
 * thread aborts its open transaction instead of committing what it processed
 * (exactly-once.md step 12 says close commits).
 *
 * <p>Here the group consumer is wrapped: at its first {@code committed()} call the test starts
 * {@code close()} on another thread, waits until the consumer has been woken, then lets the real
 * call run. The invariant: a close is never reported as a thread's fatal error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CloseWhileATaskIsPreparedStopsCleanlyIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    @TempDir
    Path tempDir;

    @Test
    void closeLandingWhileATaskReadsItsCommittedOffsetsIsNoFatalError() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("prepare-close-in");
        String out = KAFKA.uniqueTopic("prepare-close-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        String appId = KAFKA.uniqueTopic("prepare-close-app");
        KafkaIo.produce(kafka, List.of(new ProducerRecord<>(in, KafkaIo.bytes("k"), KafkaIo.bytes("v"))));

        CloseDuringCommitted interceptor = new CloseDuringCommitted();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        try (EosApp app = EosApp.builder(Counting.pipeline(in, out, key -> { }),
                        Counting.config(kafka, appId, "instance-a", tempDir.resolve("a")).build())
                .clientFactory(InterceptingClients.groupConsumers(interceptor)).build()) {
            interceptor.app.set(app);
            app.setUncaughtErrorHandler(error -> {
                uncaught.add(error);
                return UncaughtErrorPolicy.SHUTDOWN_APP;
            });
            app.start();
            assertThat(interceptor.closed.await(60, TimeUnit.SECONDS)).as("close() returned").isTrue();
        }

        System.out.printf("%s: committed() with a wake-up pending threw %s; uncaught errors %s%n",
                getClass().getSimpleName(), interceptor.thrownByCommitted.get(), uncaught);
        assertThat(interceptor.woken.getCount()).as("premise: close() woke the consumer during committed()")
                .isZero();
        assertThat(uncaught).as("errors reported to the uncaught-error handler during a clean close()").isEmpty();
    }

    /** At the first {@code committed()}: close the app on another thread, wait for its wake-up, then go on. */
    private static final class CloseDuringCommitted implements Intercepted.Interceptor {
        final AtomicReference<EosApp> app = new AtomicReference<>();
        final CountDownLatch woken = new CountDownLatch(1);
        final CountDownLatch closed = new CountDownLatch(1);
        final AtomicReference<Throwable> thrownByCommitted = new AtomicReference<>();
        private final AtomicBoolean armed = new AtomicBoolean(true);

        @Override
        public Object intercept(Method method, Object[] args, Intercepted.Call call) throws Throwable {
            if (method.getName().equals("wakeup")) {
                woken.countDown();
            }
            if (method.getName().equals("committed") && armed.getAndSet(false)) {
                Thread closer = new Thread(() -> {
                    app.get().close();
                    closed.countDown();
                }, "test-closer");
                closer.start();
                woken.await(30, TimeUnit.SECONDS);
                try {
                    return call.proceed();
                } catch (Throwable t) {
                    thrownByCommitted.set(t);
                    throw t;
                }
            }
            return call.proceed();
        }
    }
}
