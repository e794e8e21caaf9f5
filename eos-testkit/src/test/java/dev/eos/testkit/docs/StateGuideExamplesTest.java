package dev.eos.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.RestoreProgress;
import dev.eos.StateListener;
import dev.eos.AppState;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.dsl.TimeWindows;
import dev.eos.dsl.WindowedSerde;
import dev.eos.errors.ConfigException;
import dev.eos.errors.EosException;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.state.RocksDbOptionsHook;
import dev.eos.store.KeyValueStore;
import dev.eos.store.StoreIterator;
import dev.eos.store.Stores;
import dev.eos.store.Windowed;
import dev.eos.testkit.driver.DriverExtension;
import dev.eos.testkit.driver.Fault;
import dev.eos.testkit.driver.PipelineTestDriver;
import dev.eos.testkit.driver.TestInput;
import dev.eos.testkit.driver.TestOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of docs/concepts/state.md, docs/how-to/aggregate-and-join.md and the stateful
 * section of docs/how-to/testing.md, compiled and run on the {@link PipelineTestDriver} (no
 * broker). The last tests check that every Java snippet of those pages is still found, line for
 * line, in this file or one of the few other sources they quote.
 */
class StateGuideExamplesTest {
    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    private static EosConfig config(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("unused:9092").build();
    }

    // ---------------------------------------------------------------- count, reduce, aggregate

    @Test
    void count_shouldEmitTheNewCountOfTheKeyForEveryRecord() {
        // tag::count[]
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, Long> clicksPerUser = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"));
        clicksPerUser.toStream().to("clicks-per-user", Produced.with(Serdes.String(), Serdes.Long()));
        // end::count[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-counter"),
                b -> b.topic("clicks", 2).topic("clicks-per-user", 2));
        // tag::count-test[]
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        clicks.send("alice", "/home");
        clicks.send("bob", "/home");
        clicks.send("alice", "/cart");
        driver.runUntilIdle();

        TestOutput<String, Long> counts = driver.output("clicks-per-user", Serdes.String(), Serdes.Long());
        assertThat(counts.readKeyValues()).containsExactlyInAnyOrder(
                KeyValue.of("alice", 1L), KeyValue.of("bob", 1L), KeyValue.of("alice", 2L));
        Map<String, Long> store = driver.keyValueStore("clicks-per-user");
        assertThat(store).containsExactlyInAnyOrderEntriesOf(Map.of("alice", 2L, "bob", 1L));
        // end::count-test[]
    }

    @Test
    void reduce_shouldKeepTheLargestValuePerKey() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, Long> readings = builder.stream("readings", Consumed.with(Serdes.String(), Serdes.Long()));
        // tag::reduce[]
        Table<String, Long> maxPerSensor = readings
                .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
                .reduce((max, reading) -> Math.max(max, reading), Materialized.as("max-per-sensor"));
        // end::reduce[]
        maxPerSensor.toStream().to("max-per-sensor", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("sensors"));
        TestInput<String, Long> in = driver.input("readings", Serdes.String(), Serdes.Long());
        in.send("s1", 20L);
        in.send("s1", 25L);
        in.send("s1", 21L);
        driver.runUntilIdle();
        assertThat(driver.output("max-per-sensor", Serdes.String(), Serdes.Long()).readKeyValues())
                .containsExactly(KeyValue.of("s1", 20L), KeyValue.of("s1", 25L), KeyValue.of("s1", 25L));
        assertThat(driver.<String, Long>keyValueStore("max-per-sensor")).containsExactly(Map.entry("s1", 25L));
    }

    @Test
    void aggregate_shouldFoldValuesIntoAnAggregateOfAnotherType() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> orders = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::aggregate[]
        // the value is "<item>:<cents>"; the aggregate is the customer's total in cents
        Table<String, Long> totals = orders
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .aggregate(() -> 0L,
                        (customer, order, total) -> total + Long.parseLong(order.substring(order.indexOf(':') + 1)),
                        Materialized.<String, Long>as("order-totals").withValueSerde(Serdes.Long()));
        // end::aggregate[]
        totals.toStream().to("order-totals", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("order-totals"));
        TestInput<String, String> in = driver.input("orders", Serdes.String(), Serdes.String());
        in.send("c1", "book:1200");
        in.send("c1", "pen:150");
        in.send("c2", "lamp:3000");
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("order-totals"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("c1", 1350L, "c2", 3000L));
    }

    @Test
    void aggregate_withoutAValueSerde_shouldFailAtDefinitionTime() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> orders = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()));
        assertThatThrownBy(() -> orders.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .aggregate(() -> 0L, (k, v, total) -> total + 1, Materialized.as("no-serde")))
                .isInstanceOf(RuntimeException.class)
                .hasMessageContaining("serde");
    }

    @Test
    void aggregatorReturningNull_shouldDeleteTheKeyAndEmitATombstone() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> carts = builder.stream("carts", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::delete-by-null[]
        // "checkout" empties the cart: returning null deletes the key and emits a tombstone
        Table<String, Long> itemsInCart = carts
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .aggregate(() -> 0L,
                        (user, event, items) -> event.equals("checkout") ? null : items + 1,
                        Materialized.<String, Long>as("items-in-cart").withValueSerde(Serdes.Long()));
        // end::delete-by-null[]
        itemsInCart.toStream().to("items-in-cart", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("carts"));
        TestInput<String, String> in = driver.input("carts", Serdes.String(), Serdes.String());
        in.send("u1", "add");
        in.send("u1", "add");
        in.send("u1", "checkout");
        driver.runUntilIdle();
        assertThat(driver.output("items-in-cart", Serdes.String(), Serdes.Long()).readKeyValues())
                .containsExactly(KeyValue.of("u1", 1L), KeyValue.of("u1", 2L), KeyValue.of("u1", null));
        assertThat(driver.<String, Long>keyValueStore("items-in-cart")).isEmpty();
    }

    @Test
    void groupBy_shouldCountByTheNewKeyThroughARepartitionTopic() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::group-by[]
        // count clicks per page: records move to the partition of their page through
        // the internal topic <application.id>-clicks-by-page-repartition, exactly once
        clicks.groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"));
        // end::group-by[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("pages"), b -> b.topic("clicks", 2));
        TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
        in.send("alice", "/home");
        in.send("bob", "/home");
        in.send("alice", "/cart");
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-page"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("/home", 2L, "/cart", 1L));
    }

    // ---------------------------------------------------------------- tables and joins

    @Test
    void streamTableJoin_shouldEnrichWithTheTablesCurrentValue() {
        // tag::join[]
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        EventStream<String, String> orders = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()));

        orders.join(customers, (order, name) -> order + " for " + name)
                .to("orders-enriched", Produced.with(Serdes.String(), Serdes.String()));
        orders.leftJoin(customers, (order, name) -> order + " for " + (name == null ? "unknown" : name))
                .to("orders-all", Produced.with(Serdes.String(), Serdes.String()));
        // end::join[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("enricher"),
                b -> b.topic("customers", 2).topic("orders", 2));
        // tag::join-test[]
        TestInput<String, String> customerInput = driver.input("customers", Serdes.String(), Serdes.String());
        TestInput<String, String> orderInput = driver.input("orders", Serdes.String(), Serdes.String());
        customerInput.send("c1", "Ada");
        driver.runUntilIdle();              // the table holds c1 before the orders arrive
        orderInput.send("c1", "book");
        orderInput.send("c2", "lamp");      // c2 is not in the table
        driver.runUntilIdle();

        assertThat(driver.output("orders-enriched", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactly(KeyValue.of("c1", "book for Ada"));
        assertThat(driver.output("orders-all", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactlyInAnyOrder(KeyValue.of("c1", "book for Ada"), KeyValue.of("c2", "lamp for unknown"));
        // end::join-test[]
        // a table update emits no join result; a later order sees the new value
        customerInput.send("c1", "Ada L.");
        customerInput.send("c2", null);
        driver.runUntilIdle();
        orderInput.send("c1", "pen");
        driver.runUntilIdle();
        assertThat(driver.output("orders-enriched", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactly(KeyValue.of("c1", "book for Ada"), KeyValue.of("c1", "pen for Ada L."));
        assertThat(driver.<String, String>keyValueStore("customers")).containsExactly(Map.entry("c1", "Ada L."));
    }

    @Test
    void tableViews_shouldFilterAndMapWithoutAStoreOfTheirOwn() {
        PipelineBuilder builder = new PipelineBuilder();
        // tag::table-views[]
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        Table<String, String> vip = customers.filter((id, name) -> name.startsWith("VIP "))
                .mapValues(name -> name.substring(4));
        vip.toStream().to("vip-customers", Produced.with(Serdes.String(), Serdes.String()));
        // end::table-views[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("vip"));
        TestInput<String, String> in = driver.input("customers", Serdes.String(), Serdes.String());
        in.send("c1", "VIP Ada");
        in.send("c2", "Bob");           // c2 never matched: nothing downstream
        in.send("c1", "Ada");           // c1 stops matching: a tombstone downstream
        driver.runUntilIdle();
        assertThat(driver.output("vip-customers", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactly(KeyValue.of("c1", "Ada"), KeyValue.of("c1", null));
    }

    // ---------------------------------------------------------------- windows

    @Test
    void windowedCount_shouldCountPerMinuteAndDropRecordsPastTheGrace() {
        // tag::windowed-count[]
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
                .count(Materialized.as("clicks-per-minute"))
                .toStream()
                .to("clicks-per-minute", Produced.with(WindowedSerde.of(Serdes.String()), Serdes.Long()));
        // end::windowed-count[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-windows"));
        // tag::windowed-count-test[]
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        clicks.send("alice", "/home", 10_000);      // window [0, 60 s)
        clicks.send("alice", "/cart", 65_000);      // window [60 s, 120 s); stream time 65 s
        clicks.send("alice", "/late", 50_000);      // 15 s late, within the 10 s grace after 60 s: counted
        clicks.send("alice", "/pay", 75_000);       // stream time 75 s closes [0, 60 s) (60 + 10 <= 75)
        clicks.send("alice", "/too-late", 55_000);  // for a closed window: dropped
        driver.runUntilIdle();

        TestOutput<Windowed<String>, Long> counts =
                driver.output("clicks-per-minute", WindowedSerde.of(Serdes.String()), Serdes.Long());
        assertThat(counts.finalValuesByKey()).containsExactlyInAnyOrderEntriesOf(Map.of(
                new Windowed<>("alice", 0, 60_000), 2L,
                new Windowed<>("alice", 60_000, 120_000), 2L));
        // the store keeps a window for size + grace (70 s) after its start: [0, 60 s) expired at 70 s
        Map<Windowed<String>, Long> windows = driver.windowStore("clicks-per-minute");
        assertThat(windows).containsOnlyKeys(new Windowed<>("alice", 60_000, 120_000));
        // end::windowed-count-test[]
        assertThat(counts.readKeyValues()).hasSize(4);
    }

    @Test
    void windowRetention_shouldKeepWindowsQueryableLonger() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::window-retention[]
        clicks.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(10)))
                .count(Materialized.<String, Long>as("clicks-per-minute").withRetention(Duration.ofHours(1)));
        // end::window-retention[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-windows"));
        TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
        in.send("alice", "/home", 10_000);
        in.send("alice", "/pay", 75_000);
        driver.runUntilIdle();
        assertThat(driver.<String, Long>windowStore("clicks-per-minute")).containsOnlyKeys(
                new Windowed<>("alice", 0, 60_000), new Windowed<>("alice", 60_000, 120_000));
    }

    @Test
    void hoppingWindows_shouldCountARecordInEveryWindowItFallsIn() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::hopping[]
        // five-minute windows, a new one every minute: each record counts in five windows
        Table<Windowed<String>, Long> lastFiveMinutes = clicks
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .windowedBy(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(5)).advanceBy(Duration.ofMinutes(1)))
                .count(Materialized.as("clicks-last-5-minutes"));
        // end::hopping[]
        lastFiveMinutes.toStream().to("out", Produced.with(WindowedSerde.of(Serdes.String()), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("hopping"));
        driver.input("clicks", Serdes.String(), Serdes.String()).send("alice", "/home", Duration.ofMinutes(10).toMillis());
        driver.runUntilIdle();
        assertThat(driver.<String, Long>windowStore("clicks-last-5-minutes")).hasSize(5);
    }

    // ---------------------------------------------------------------- processor API

    // tag::processor-store[]
    /** Counts records per key in the store "counts" and emits every key's count once a minute of stream time. */
    static class CountAndReport implements Processor<String, String, String, Long> {
        private ProcessorContext<String, Long> context;
        private KeyValueStore<String, Long> counts;

        @Override
        public void init(ProcessorContext<String, Long> context) {
            this.context = context;
            this.counts = context.getStateStore("counts");
            context.schedule(Duration.ofMinutes(1), PunctuationType.STREAM_TIME, this::report);
        }

        @Override
        public void process(Record<String, String> record) {
            Long old = counts.get(record.key());
            counts.put(record.key(), old == null ? 1L : old + 1);
        }

        private void report(long streamTime) {
            try (StoreIterator<String, Long> it = counts.all()) {
                while (it.hasNext()) {
                    KeyValue<String, Long> entry = it.next();
                    context.forward(new Record<>(entry.key(), entry.value(), streamTime));
                }
            }
        }
    }
    // end::processor-store[]

    @Test
    void processorWithAStoreAndAPunctuator_shouldReportCountsOnStreamTime() {
        // tag::processor-store-wiring[]
        PipelineBuilder builder = new PipelineBuilder();
        builder.addStateStore(Stores.keyValue("counts", Serdes.String(), Serdes.Long()));
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .process(CountAndReport::new, "counts")
                .to("click-report", Produced.with(Serdes.String(), Serdes.Long()));
        // end::processor-store-wiring[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-report"));
        // tag::processor-store-test[]
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        clicks.send("alice", "/home", 0);           // the schedule starts: first due at 60 s of stream time
        clicks.send("alice", "/cart", 30_000);
        clicks.send("bob", "/home", 61_000);        // stream time passes 60 s: the punctuator runs
        driver.runUntilIdle();

        assertThat(driver.output("click-report", Serdes.String(), Serdes.Long()).readKeyValues())
                .containsExactlyInAnyOrder(KeyValue.of("alice", 2L), KeyValue.of("bob", 1L));
        assertThat(driver.<String, Long>keyValueStore("counts")).containsEntry("alice", 2L);
        // end::processor-store-test[]
    }

    @Test
    void processorAskingForAStoreItIsNotConnectedTo_shouldFail() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.addStateStore(Stores.keyValue("counts", Serdes.String(), Serdes.Long()));
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .process(CountAndReport::new)          // "counts" not connected
                .to("click-report", Produced.with(Serdes.String(), Serdes.Long()));
        assertThatThrownBy(() -> drivers.create(builder.build(), config("unconnected")).runUntilIdle())
                .hasStackTraceContaining("could not create or prepare task 0_0")
                .hasStackTraceContaining("is not connected to state store 'counts'; it is connected to []");
    }

    // ---------------------------------------------------------------- the commit order and crashes

    @Test
    void crashAfterCommitBeforeStoreWrite_shouldRestoreTheChangelogTailAndCountExactlyOnce() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"))
                .toStream().to("clicks-per-user", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-counter"));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        TestOutput<String, Long> counts = driver.output("clicks-per-user", Serdes.String(), Serdes.Long());
        // tag::crash-after-commit[]
        clicks.send("alice", "/home");
        driver.runUntilIdle();                                  // count 1: committed in Kafka and in the store
        driver.injectFault(Fault.crashAfterCommitBeforeStoreWrite());
        clicks.send("alice", "/cart");
        driver.runUntilIdle();      // Kafka commits count 2, the instance dies before its store does, restarts

        assertThat(driver.faultPending()).isFalse();
        assertThat(driver.primaryMetrics().changelogRecordsRestored()).isEqualTo(1);    // only the tail
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).containsEntry("alice", 2L);
        assertThat(counts.readKeyValues()).containsExactly(KeyValue.of("alice", 1L), KeyValue.of("alice", 2L));
        // end::crash-after-commit[]
    }

    @Test
    void crashBeforeCommit_shouldRollBackTheStoreWithTheTransaction() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"))
                .toStream().to("clicks-per-user", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("click-counter"));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        // tag::crash-before-commit[]
        clicks.send("alice", "/home");
        driver.stepOnce();                      // processed: the store holds 1, pending; nothing committed
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).containsEntry("alice", 1L);
        driver.crashAndRestart();               // the transaction aborts; the pending write is gone
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).isEmpty();
        driver.runUntilIdle();                  // reprocessed once
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).containsEntry("alice", 1L);
        // end::crash-before-commit[]
    }

    @Test
    void inMemoryStore_shouldRestoreItsWholeChangelogAfterARestart() {
        PipelineBuilder builder = new PipelineBuilder();
        // tag::in-memory[]
        Table<String, Long> sessions = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.<String, Long>as("clicks-in-memory").inMemory());
        // end::in-memory[]
        sessions.toStream().to("out", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("in-memory"));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        for (int i = 0; i < 5; i++) {
            clicks.send("alice", "/page-" + i);
        }
        driver.runUntilIdle();
        driver.crashAndRestart();
        driver.runUntilIdle();
        assertThat(driver.primaryMetrics().changelogRecordsRestored()).isEqualTo(5);    // all of it
        assertThat(driver.<String, Long>keyValueStore("clicks-in-memory")).containsEntry("alice", 5L);
    }

    @Test
    void persistentStore_shouldRestoreNothingAfterACrashWithEverythingCommittedLocally() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"));
        PipelineTestDriver driver = drivers.create(builder.build(), config("persistent"));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        for (int i = 0; i < 5; i++) {
            clicks.send("alice", "/page-" + i);
        }
        driver.runUntilIdle();
        driver.crashAndRestart();
        driver.runUntilIdle();
        assertThat(driver.primaryMetrics().changelogRecordsRestored()).isZero();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).containsEntry("alice", 5L);
    }

    @Test
    void rocksDbStores_shouldSurviveACrashOnDisk(@TempDir Path stateDir) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"));
        EosConfig config = config("click-counter");
        // tag::rocksdb-driver[]
        PipelineTestDriver driver = drivers.create(builder.build(), config,
                b -> b.rocksDbStores().stateDir(stateDir));     // RocksDB, as EosApp runs it
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        clicks.send("alice", "/home");
        driver.runUntilIdle();
        driver.crashAndRestart();                               // same directory, same stores
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-user")).containsEntry("alice", 1L);
        assertThat(driver.primaryMetrics().changelogRecordsRestored()).isZero();
        // end::rocksdb-driver[]
        try (var files = Files.walk(stateDir)) {
            assertThat(files.anyMatch(p -> p.endsWith("clicks-per-user"))).isTrue();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void stateDirInUse_shouldBeRefusedWithTheKeyToChange(@TempDir Path stateDir) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"));
        EosConfig config = config("click-counter");
        drivers.create(builder.build(), config, b -> b.stateDir(stateDir));
        // the second driver's primary instance locks the same <state.dir>/primary/click-counter
        assertThatThrownBy(() -> drivers.create(builder.build(), config, b -> b.stateDir(stateDir)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.dir=")
                .hasMessageContaining("is in use: another instance of application 'click-counter' holds the lock")
                .hasMessageContaining("Fix: give every instance on one host its own state.dir");
    }

    // ---------------------------------------------------------------- configuration

    /** Counts the stores it tuned; RocksDB calls it once per store shard it opens. */
    public static final class CountingHook implements RocksDbOptionsHook {
        static final AtomicInteger CALLS = new AtomicInteger();

        @Override
        public void configure(String storeName, org.rocksdb.Options options) {
            CALLS.incrementAndGet();
            options.setMaxOpenFiles(500);
        }
    }

    @Test
    void stateConfig_shouldReachTheStoresAndTheOptionsHook(@TempDir Path stateDir) {
        // tag::state-config[]
        EosConfig config = EosConfig.builder()
                .applicationId("click-counter")
                .bootstrapServers("localhost:9092")
                .set(EosConfig.STATE_DIR, "/var/lib/click-counter")
                .set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 3)
                .set(EosConfig.STATE_CHANGELOG_MIN_INSYNC_REPLICAS, 2)
                .set(EosConfig.ROCKSDB_BLOCK_CACHE_BYTES, 256L << 20)     // one cache for every store
                .set(EosConfig.ROCKSDB_WRITE_BUFFER_BYTES, 64L << 20)     // all memtables together
                .set(EosConfig.ROCKSDB_OPTIONS_HOOK, CountingHook.class.getName())
                .build();
        // end::state-config[]
        assertThat(config.state().stateDir()).isEqualTo(Path.of("/var/lib/click-counter"));
        assertThat(config.state().changelogReplicationFactor()).isEqualTo(3);
        assertThat(config.state().changelogMinInsyncReplicas()).isEqualTo(2);
        assertThat(config.state().maxPendingBytes()).isEqualTo(64L << 20);
        assertThat(config.state().rocksDb().blockCacheBytes()).isEqualTo(256L << 20);
        assertThat(config.state().rocksDb().writeBufferBytes()).isEqualTo(64L << 20);
        assertThat(config.state().rocksDb().optionsHook()).isInstanceOf(CountingHook.class);

        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-user"));
        int before = CountingHook.CALLS.get();
        PipelineTestDriver driver = drivers.create(builder.build(), config,
                b -> b.topic("clicks", 3).rocksDbStores().stateDir(stateDir));
        driver.input("clicks", Serdes.String(), Serdes.String()).send("alice", "/home");
        driver.runUntilIdle();
        assertThat(CountingHook.CALLS.get() - before).as("one call per store shard (3 tasks)").isEqualTo(3);
    }

    @Test
    void stateConfig_shouldRejectAMinInsyncReplicasAboveTheReplicationFactor() {
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 2)
                .set(EosConfig.STATE_CHANGELOG_MIN_INSYNC_REPLICAS, 3).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.changelog.min.insync.replicas=3");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.STATE_CHANGELOG_REPLICATION_FACTOR, 0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("state.changelog.replication.factor=0");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.STATE_MAX_PENDING_BYTES, 100).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 1024");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.ROCKSDB_BLOCK_CACHE_BYTES, 1000).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least 1048576");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.ROCKSDB_OPTIONS_HOOK, "com.example.NoSuchHook").build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("could not be instantiated");
    }

    @Test
    void restoreListener_shouldSeeProgressReports() {
        List<String> lines = new ArrayList<>();
        // tag::restore-listener[]
        StateListener listener = new StateListener() {
            @Override
            public void onChange(AppState newState, AppState oldState) {
            }

            @Override
            public void onRestore(RestoreProgress p) {
                lines.add(p.store() + "/" + p.partition() + ": " + p.restored() + " of " + p.total()
                        + " records, " + p.percent() + "%" + (p.done() ? ", done" : ""));
            }
        };
        // end::restore-listener[]
        listener.onRestore(new RestoreProgress("clicks-per-user", 3, 250, 1000, 1200, false));
        listener.onRestore(new RestoreProgress("clicks-per-user", 3, 1000, 1000, 4100, true));
        assertThat(lines).containsExactly("clicks-per-user/3: 250 of 1000 records, 25%",
                "clicks-per-user/3: 1000 of 1000 records, 100%, done");
    }

    // ---------------------------------------------------------------- the docs quote only tested code

    /** The files the state pages may quote, relative to the eos-testkit module. */
    private static final List<String> QUOTED_SOURCES = List.of(
            "src/test/java/dev/eos/testkit/docs/StateGuideExamplesTest.java",
            "src/test/java/dev/eos/testkit/docs/TestingGuideExamplesTest.java");

    @Test
    void stateConcept_shouldQuoteOnlyCodeFoundInTheTestedSources() throws IOException {
        assertThat(checkSnippets("../docs/concepts/state.md")).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aggregateAndJoinGuide_shouldQuoteOnlyCodeFoundInTheTestedSources() throws IOException {
        assertThat(checkSnippets("../docs/how-to/aggregate-and-join.md")).isGreaterThanOrEqualTo(10);
    }

    /** Checks every ```java block of {@code doc} against the quoted sources; returns how many there are. */
    private static int checkSnippets(String doc) throws IOException {
        String text = Files.readString(Path.of(doc));
        List<List<String>> sources = new ArrayList<>();
        for (String source : QUOTED_SOURCES) {
            sources.add(trimmedLines(Files.readString(Path.of(source))));
        }
        Matcher snippets = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        int count = 0;
        while (snippets.find()) {
            count++;
            List<String> snippet = trimmedLines(snippets.group(1)).stream().filter(l -> !l.equals("...")).toList();
            assertThat(sources.stream().anyMatch(lines -> Collections.indexOfSubList(lines, snippet) >= 0))
                    .as("snippet %d of %s is not in %s:%n%s", count, doc, QUOTED_SOURCES, snippets.group(1))
                    .isTrue();
        }
        return count;
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
