package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.spi.KafkaClientFactory;
import dev.eos.testkit.driver.internal.FaultHooks;
import dev.eos.testkit.driver.internal.InMemoryKafka;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a {@link PipelineTestDriver} is made of, wired together: the clock, the in-memory
 * cluster (on that clock), the fault hooks of the primary's clients, the app instances, marker
 * delivery and the loop that steps them.
 */
record DriverParts(ManualClock clock, InMemoryKafka kafka, FaultHooks faults, AppInstances instances,
                   MarkerDelivery markers, DriverLoop loop) {

    /**
     * Creates the cluster with {@code topics} (and the internal topics the plan needs) and
     * starts the primary instance.
     *
     * @param decorator wraps each instance's in-memory client factory (see {@code Builder.clientDecorator})
     */
    static DriverParts assemble(LogicalPlan plan, EosConfig config, Instant wallClockStart,
                                Map<String, Integer> topics, DriverState state,
                                UnaryOperator<KafkaClientFactory> decorator) {
        ManualClock clock = new ManualClock(wallClockStart);
        InMemoryKafka kafka = new InMemoryKafka(clock::millis);
        DriverTopics.create(kafka, plan, config, topics);
        FaultHooks faults = new FaultHooks();
        Map<String, Object> secondValues = new LinkedHashMap<>(config.originals());
        secondValues.put(EosConfig.INSTANCE_ID, config.instanceId() + PipelineTestDriver.SECOND_INSTANCE_SUFFIX);
        AppInstances.Setup primary = new AppInstances.Setup(config,
                decorated(decorator, new InMemoryClientFactory(kafka, clock, faults)), new RuntimeCounters());
        // The second instance's hooks are never armed: injected faults strike the primary only.
        AppInstances.Setup second = new AppInstances.Setup(EosConfig.from(secondValues),
                decorated(decorator, new InMemoryClientFactory(kafka, clock, new FaultHooks())),
                new RuntimeCounters());
        AppInstances instances = new AppInstances(kafka, clock, state, primary, second);
        MarkerDelivery markers = new MarkerDelivery(kafka);
        DriverLoop loop = new DriverLoop(kafka, clock, instances, markers, config.applicationId(),
                plan.consumedTopics());
        return new DriverParts(clock, kafka, faults, instances, markers, loop);
    }

    private static KafkaClientFactory decorated(UnaryOperator<KafkaClientFactory> decorator,
                                                KafkaClientFactory inMemory) {
        return Objects.requireNonNull(decorator.apply(inMemory),
                "the client decorator returned null; return the factory it was given to change nothing");
    }
}
