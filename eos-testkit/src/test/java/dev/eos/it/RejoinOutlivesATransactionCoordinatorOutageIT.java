package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A fenced thread rejoins by replacing its producer, and the new producer's
 * {@code initTransactions()} runs inside the error handling ({@code FailureRecovery.rejoin}).
 * {@code TransactionalProducer.initialize()} used to retry a timeout only until
 * {@code transaction.timeout.ms} (10 s by default) had passed; a real {@code initTransactions()}
 * blocks up to {@code max.block.ms} (60 s) before it throws, so one unanswered call was already
 * past that budget. The {@code TimeoutException} then escaped the error handling, was never
 * classified, and killed the thread: with the default uncaught-error policy, the app. A
 * transaction coordinator that is unavailable for a few seconds while a thread happens to be
 * fenced (a broker restart in a rolling upgrade, the coordinator reloading its log) stops the
 * app, although nothing is wrong once it is back. Kafka Streams retries the initialisation in its
 * loop ({@code task.timeout.ms}).
 *
 * <p>Here a thread's producer is told it was fenced at a commit, and the coordinator then stays
 * unavailable for 15 s: each {@code initTransactions()} of the new producer waits a second and
 * times out until then. The invariant: the app outlives the outage and processes every record.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class RejoinOutlivesATransactionCoordinatorOutageIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration OUTAGE = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aThreadFencedWhileTheCoordinatorIsAwayForLongerThanTheTransactionTimeoutKeepsRunning() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("coordinator-outage-in");
        String out = KAFKA.uniqueTopic("coordinator-outage-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        String appId = KAFKA.uniqueTopic("coordinator-outage-app");
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.INSTANCE_ID, "instance-a").build();

        FencedThenCoordinatorAway outage = new FencedThenCoordinatorAway();
        try (EosApp app = EosApp.builder(shout(in, out), config)
                .clientFactory(InterceptingClients.producers(outage)).build()) {
            Apps.startAndAwaitRunning(app);
            send(kafka, in, 0, 100);
            Apps.awaitAllConsumed(kafka, app, appId, in);

            outage.armed.set(true);
            send(kafka, in, 100, 200);
            Await.until("the outage is over", TIMEOUT, () -> outage.initsRefused.get() > 0
                    && System.nanoTime() - outage.outageEndsNanos.get() > 0);
            KafkaIo.awaitAllConsumed(kafka, appId, in, TIMEOUT, () -> Counting.failIfDead(app));
            System.out.printf("%s: initTransactions() refused %d time(s); app %s (fatal error %s)%n",
                    getClass().getSimpleName(), outage.initsRefused.get(), app.state(), app.fatalError());
            assertThat(outage.initsRefused.get()).as("premise: the outage struck a rejoin").isPositive();
            assertThat(app.state()).as("the app after the outage (fatal error: %s)", app.fatalError())
                    .isEqualTo(AppState.RUNNING);
        }
    }

    /**
     * The same outage when a thread starts: timeouts of {@code initTransactions()} are retried
     * (for five minutes at least), so an app started while the transaction coordinator is away
     * runs once it is back, and processes everything.
     */
    @Test
    void anAppStartedWhileTheCoordinatorIsAwayRunsOnceItIsBack() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("coordinator-away-at-start-in");
        String out = KAFKA.uniqueTopic("coordinator-away-at-start-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        String appId = KAFKA.uniqueTopic("coordinator-away-at-start-app");
        EosConfig config = KafkaIo.eosConfig(kafka, appId).set(EosConfig.INSTANCE_ID, "instance-a").build();

        FencedThenCoordinatorAway outage = new FencedThenCoordinatorAway();
        outage.outageEndsNanos.set(System.nanoTime() + OUTAGE.toNanos());
        outage.outage.set(true);
        try (EosApp app = EosApp.builder(shout(in, out), config)
                .clientFactory(InterceptingClients.producers(outage)).build()) {
            app.start();
            send(kafka, in, 0, 100);
            KafkaIo.awaitAllConsumed(kafka, appId, in, TIMEOUT.plus(OUTAGE), () -> Counting.failIfDead(app));
            System.out.printf("%s: initTransactions() refused %d time(s) at start; app %s%n",
                    getClass().getSimpleName(), outage.initsRefused.get(), app.state());
            assertThat(outage.initsRefused.get()).as("premise: the outage struck the start").isPositive();
            assertThat(app.state()).as("the app after the outage (fatal error: %s)", app.fatalError())
                    .isEqualTo(AppState.RUNNING);
        }
    }

    private static void send(EmbeddedKafkaCluster kafka, String in, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = from; i < to; i++) {
            records.add(KafkaIo.record(in, "k" + i, "v" + i));
        }
        KafkaIo.produce(kafka, records);
    }

    private static Pipeline shout(String in, String out) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .mapValues(v -> v.toUpperCase())
                .to(out, Produced.with(STRINGS, STRINGS));
        return builder.build();
    }

    /**
     * Once armed: the next {@code commitTransaction()} throws {@code ProducerFencedException}
     * (another producer took the transactional id); then, for {@link #OUTAGE}, every
     * {@code initTransactions()} waits a second and throws {@code TimeoutException}, as calls to an
     * unavailable coordinator do (after {@code max.block.ms}).
     */
    private static final class FencedThenCoordinatorAway implements Intercepted.Interceptor {
        final AtomicBoolean armed = new AtomicBoolean();
        final AtomicInteger initsRefused = new AtomicInteger();
        final AtomicLong outageEndsNanos = new AtomicLong();
        final AtomicBoolean outage = new AtomicBoolean();
        private final AtomicBoolean fenced = new AtomicBoolean();

        @Override
        public Object intercept(Method method, Object[] args, Intercepted.Call call) throws Throwable {
            if (method.getName().equals("commitTransaction") && armed.get() && fenced.compareAndSet(false, true)) {
                outageEndsNanos.set(System.nanoTime() + OUTAGE.toNanos());
                outage.set(true);
                throw new ProducerFencedException("Injected by the test: another producer took the transactional id");
            }
            if (method.getName().equals("initTransactions") && outage.get()
                    && System.nanoTime() - outageEndsNanos.get() < 0) {
                TimeUnit.SECONDS.sleep(1);
                initsRefused.incrementAndGet();
                throw new TimeoutException("Injected by the test: the transaction coordinator did not answer "
                        + "within max.block.ms");
            }
            return call.proceed();
        }
    }
}
