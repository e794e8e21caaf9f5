package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.Record;
import dev.eos.store.StoreIterator;
import dev.eos.store.Stores;
import dev.eos.store.WindowStore;
import dev.eos.store.Windowed;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * The time that expires windows is restored exactly after a crash or an abort, so a replay sees
 * the windows the first run saw: a processor-API window store never serves windows its task's
 * committed stream time has expired, although its own time rolls back to its last local commit.
 */
class StoreTimesAfterCrashesAndAbortsTest {
    private static EosConfig config() {
        return EosConfig.builder().applicationId("store-times").bootstrapServers("unused:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
    }

    /**
     * A processor with a window store of 10 s retention: a "write" record puts its window, any
     * other record forwards how many of its key's windows the store still has.
     */
    private static Pipeline windowReader() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.addStateStore(Stores.window("w", Serdes.String(), Serdes.String(), Duration.ofSeconds(10)));
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(() -> new Processor<String, String, String, Integer>() {
                    private ProcessorContext<String, Integer> context;
                    private WindowStore<String, String> store;

                    @Override
                    public void init(ProcessorContext<String, Integer> context) {
                        this.context = context;
                        this.store = context.getStateStore("w");
                    }

                    @Override
                    public void process(Record<String, String> record) {
                        if (record.value().equals("write")) {
                            store.put(record.key(), record.timestamp(), record.value());
                            return;
                        }
                        int windows = 0;
                        try (StoreIterator<Windowed<String>, String> it = store.fetch(record.key(), 0, record.timestamp())) {
                            while (it.hasNext()) {
                                it.next();
                                windows++;
                            }
                        }
                        context.forward(record.withValue(windows));
                    }
                }, "w")
                .to("out", Produced.with(Serdes.String(), Serdes.Integer()));
        return builder.build();
    }

    /**
     * Puts the window of {@code k} at 1 s, reads at 20 s (stream time 20 s expires it; nothing is
     * written, so the store commits no new time locally), runs {@code failure}, then reads at 5 s.
     */
    private static List<KeyValue<String, Integer>> readsAround(Consumer<PipelineTestDriver> failure) {
        try (PipelineTestDriver driver = PipelineTestDriver.builder(windowReader(), config())
                .topic("in", 1).topic("out", 1).build()) {
            TestInput<String, String> in = driver.input("in", Serdes.String(), Serdes.String());
            in.send("k", "write", 1_000);
            driver.runUntilIdle();
            in.send("k", "read", 20_000);
            driver.runUntilIdle();
            failure.accept(driver);
            in.send("k", "read", 5_000);
            driver.runUntilIdle();
            assertThat(driver.faultPending()).as("the fault fired").isFalse();
            return driver.output("out", Serdes.String(), Serdes.Integer()).readKeyValues();
        }
    }

    @Test
    void aWindowTheTaskHadExpired_shouldStayExpiredAfterACrash() {
        assertThat(readsAround(PipelineTestDriver::crashAndRestart))
                .containsExactly(KeyValue.of("k", 0), KeyValue.of("k", 0));
    }

    @Test
    void aWindowTheTaskHadExpired_shouldStayExpiredWhenATransactionIsAbortedAndReplayed() {
        assertThat(readsAround(driver -> driver.injectFault(Fault.fenceProducer())))
                .containsExactly(KeyValue.of("k", 0), KeyValue.of("k", 0));
    }
}
