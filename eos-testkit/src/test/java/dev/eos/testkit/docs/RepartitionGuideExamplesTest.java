package dev.eos.testkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Repartitioned;
import dev.eos.dsl.Table;
import dev.eos.errors.ConfigException;
import dev.eos.errors.EosException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The examples of docs/concepts/repartitioning.md, compiled and run on the
 * {@link PipelineTestDriver} (no broker). The last test checks that every Java snippet of that
 * page is still found, line for line, in this file, and that the {@code describe()} output it
 * shows is the real one.
 */
class RepartitionGuideExamplesTest {
    @RegisterExtension
    final DriverExtension drivers = new DriverExtension();

    private static final String DOC = "../docs/concepts/repartitioning.md";

    private static EosConfig config(String applicationId) {
        return EosConfig.builder().applicationId(applicationId).bootstrapServers("unused:9092").build();
    }

    /** The partitions of {@code topic} the primary instance was assigned. */
    private static long assignedPartitions(PipelineTestDriver driver, String topic) {
        return driver.primaryAssignment().stream().filter(tp -> tp.topic().equals(topic)).count();
    }

    // ---------------------------------------------------------------- repartition(...) and groupBy(...)

    @Test
    void repartition_shouldCountByTheNewKeyInANamedTopicWithItsOwnPartitionCount() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::repartition[]
        // count clicks per page, through the topic pages-clicks-by-page-repartition with 6 partitions
        clicks.selectKey((user, page) -> page)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String())
                        .withNumberOfPartitions(6)
                        .withName("clicks-by-page"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-page"));
        // end::repartition[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("pages"), b -> b.topic("clicks", 2));
        TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
        in.send("alice", "/home");
        in.send("bob", "/home");
        in.send("alice", "/cart");
        driver.runUntilIdle();

        assertThat(driver.<String, Long>keyValueStore("clicks-per-page"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("/home", 2L, "/cart", 1L));
        // 2 tasks read clicks, 6 tasks read the repartition topic
        assertThat(assignedPartitions(driver, "clicks")).isEqualTo(2);
        assertThat(assignedPartitions(driver, "pages-clicks-by-page-repartition")).isEqualTo(6);
        assertThat(driver.output("pages-clicks-by-page-repartition", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactlyInAnyOrder(KeyValue.of("/home", "/home"), KeyValue.of("/home", "/home"),
                        KeyValue.of("/cart", "/cart"));
    }

    @Test
    void groupBy_shouldNameTheTopicAfterTheGroupingAndTakeThePartitionCountOfTheInput() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::group-by[]
        clicks.groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"));
        // end::group-by[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("pages"), b -> b.topic("clicks", 3));
        TestInput<String, String> in = driver.input("clicks", Serdes.String(), Serdes.String());
        in.send("alice", "/home");
        in.send("bob", "/home");
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-page")).containsExactly(Map.entry("/home", 2L));
        // no count asked for, nothing to join with: as many partitions as the input
        assertThat(assignedPartitions(driver, "pages-clicks-by-page-repartition")).isEqualTo(3);
    }

    @Test
    void describe_shouldShowTheSubtopologiesOnEitherSideOfTheRepartitionTopic() throws IOException {
        PipelineBuilder builder = new PipelineBuilder();
        // tag::describe[]
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"))
                .toStream()
                .to("page-counts", Produced.with(Serdes.String(), Serdes.Long()));
        Pipeline pipeline = builder.build();
        System.out.println(pipeline.describe());
        // end::describe[]
        String description = pipeline.describe();
        assertThat(description).contains("Sub-topology 0 (reads [clicks])",
                "Sink clicks-by-page-sink (topic: ${application.id}-clicks-by-page-repartition)",
                "Sub-topology 1 (reads [${application.id}-clicks-by-page-repartition])");
        // the page shows this output as it is
        assertThat(Files.readString(Path.of(DOC))).contains(description.strip());
    }

    @Test
    void unnamedRepartitionTopics_shouldChangeTheirNameWhenTheStepsBeforeThemChange() {
        // version 1: clicks are grouped by page
        PipelineBuilder v1 = new PipelineBuilder();
        v1.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-page"));
        // version 2: the same, with a filter added before the grouping
        PipelineBuilder v2 = new PipelineBuilder();
        v2.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .filter((user, page) -> !page.isEmpty())
                .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-page"));
        assertThat(v1.build().describe()).contains("${application.id}-REPARTITION-0000002-repartition");
        assertThat(v2.build().describe()).contains("${application.id}-REPARTITION-0000003-repartition")
                .doesNotContain("REPARTITION-0000002");
    }

    // ---------------------------------------------------------------- joins and co-partitioning

    @Test
    void joinAfterAKeyChange_shouldRepartitionToThePartitionCountOfTheTable() {
        // tag::join[]
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        // orders are keyed by order id; the value is "<customer id>:<item>"
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((orderId, order) -> order.substring(0, order.indexOf(':')))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withName("orders-by-customer"))
                .join(customers, (order, name) -> order + " for " + name)
                .to("orders-enriched", Produced.with(Serdes.String(), Serdes.String()));
        // end::join[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("enricher"),
                b -> b.topic("customers", 4).topic("orders", 2));
        driver.input("customers", Serdes.String(), Serdes.String()).send("c1", "Ada");
        driver.runUntilIdle();
        driver.input("orders", Serdes.String(), Serdes.String()).send("o-17", "c1:book");
        driver.runUntilIdle();

        assertThat(driver.output("orders-enriched", Serdes.String(), Serdes.String()).readKeyValues())
                .containsExactly(KeyValue.of("c1", "c1:book for Ada"));
        // co-partitioned with customers (4), not with orders (2)
        assertThat(assignedPartitions(driver, "enricher-orders-by-customer-repartition")).isEqualTo(4);
    }

    @Test
    void joinAfterAKeyChange_withoutRepartition_shouldAskForSerdesWhenThePipelineIsDefined() {
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        EventStream<String, String> byCustomer = builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((orderId, order) -> order.substring(0, order.indexOf(':')));
        assertThatThrownBy(() -> byCustomer.join(customers, (order, name) -> order + " for " + name))
                .isInstanceOf(EosException.class)
                .hasMessage("join(table, joiner) follows map, flatMap, selectKey or process, which may have changed "
                        + "the key, so records must first move to the partition of their key through a repartition "
                        + "topic, which needs serdes. Fix: call .repartition(Repartitioned.with(keySerde, valueSerde)) "
                        + "before join(table, joiner).");
    }

    @Test
    void groupByKeyAfterAKeyChange_shouldRepartitionOnItsOwn() {
        PipelineBuilder builder = new PipelineBuilder();
        EventStream<String, String> clicks = builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()));
        // tag::group-by-key-after-select-key[]
        clicks.selectKey((user, page) -> page)
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"));
        // end::group-by-key-after-select-key[]
        PipelineTestDriver driver = drivers.create(builder.build(), config("pages"), b -> b.topic("clicks", 2));
        driver.input("clicks", Serdes.String(), Serdes.String()).send("alice", "/home");
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-page")).containsExactly(Map.entry("/home", 1L));
        assertThat(assignedPartitions(driver, "pages-clicks-by-page-repartition")).isEqualTo(2);
    }

    @Test
    void sourcesOfAStatefulPartWithDifferentPartitionCounts_shouldBeRefusedAtStart() {
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .join(customers, (order, name) -> order + " for " + name)
                .to("orders-enriched", Produced.with(Serdes.String(), Serdes.String()));
        Pipeline pipeline = builder.build();
        assertThatThrownBy(() -> drivers.create(pipeline, config("enricher"),
                b -> b.topic("customers", 4).topic("orders", 8)))
                .isInstanceOf(EosException.class)
                .hasMessage("The topics read by one stateful part of the pipeline must have the same number of "
                        + "partitions (each task owns one partition number of every such topic and one shard of every "
                        + "store), but they have {customers=4, orders=8}. Fix: give the topics the same partition "
                        + "count, or repartition one side with Repartitioned.withNumberOfPartitions(n).");
    }

    @Test
    void explicitPartitionCountThatDiffersFromTheTable_shouldBeRefusedAtStart() {
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> customers = builder.table("customers",
                Consumed.with(Serdes.String(), Serdes.String()), Materialized.as("customers"));
        builder.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((orderId, order) -> order.substring(0, order.indexOf(':')))
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String()).withNumberOfPartitions(6)
                        .withName("orders-by-customer"))
                .join(customers, (order, name) -> order + " for " + name)
                .to("orders-enriched", Produced.with(Serdes.String(), Serdes.String()));
        Pipeline pipeline = builder.build();
        assertThatThrownBy(() -> drivers.create(pipeline, config("enricher"),
                b -> b.topic("customers", 4).topic("orders", 2)))
                .isInstanceOf(EosException.class)
                .hasMessageContaining("but they have {customers=4, enricher-orders-by-customer-repartition=6}");
    }

    @Test
    void existingRepartitionTopicWithAnotherPartitionCount_shouldBeRefusedAtStart() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((user, page) -> page)
                .repartition(Repartitioned.with(Serdes.String(), Serdes.String())
                        .withNumberOfPartitions(6)
                        .withName("clicks-by-page"))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(Materialized.as("clicks-per-page"));
        Pipeline pipeline = builder.build();
        // an earlier release ran with 3 partitions
        assertThatThrownBy(() -> drivers.create(pipeline, config("pages"),
                b -> b.topic("clicks", 2).topic("pages-clicks-by-page-repartition", 3)))
                .isInstanceOf(EosException.class)
                .hasMessage("Repartition topic pages-clicks-by-page-repartition has 3 partitions but the pipeline "
                        + "needs 6. Fix: stop every instance, delete the topic (it only holds records in flight "
                        + "between sub-topologies; let the app drain it first) or ask for 3 with "
                        + "Repartitioned.withNumberOfPartitions.");
    }

    // ---------------------------------------------------------------- exactly-once across the hop, purging

    @Test
    void crashBeforeTheWriteToTheRepartitionTopicCommits_shouldCountOnce() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"))
                .toStream()
                .to("page-counts", Produced.with(Serdes.String(), Serdes.Long()));
        PipelineTestDriver driver = drivers.create(builder.build(), config("pages"),
                b -> b.topic("clicks", 2).topic("page-counts", 2));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        TestOutput<String, String> hop =
                driver.output("pages-clicks-by-page-repartition", Serdes.String(), Serdes.String());
        TestOutput<String, Long> counts = driver.output("page-counts", Serdes.String(), Serdes.Long());
        // tag::crash-across-the-hop[]
        clicks.send("alice", "/home");
        driver.injectFault(Fault.crashAfterSendBeforeCommit());
        driver.runUntilIdle();  // the write to the repartition topic aborts with the crash; "clicks" is read again

        assertThat(driver.faultPending()).isFalse();
        assertThat(hop.readKeyValues()).containsExactly(KeyValue.of("/home", "/home"));     // committed once
        assertThat(counts.readKeyValues()).containsExactly(KeyValue.of("/home", 1L));       // counted once
        // end::crash-across-the-hop[]
        clicks.send("bob", "/home");
        driver.injectFault(Fault.crashDuringCommit());
        driver.runUntilIdle();
        assertThat(counts.readKeyValues()).containsExactly(KeyValue.of("/home", 1L), KeyValue.of("/home", 2L));
    }

    @Test
    void purge_shouldDeleteRepartitionRecordsBelowTheCommittedOffsets() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("clicks", Consumed.with(Serdes.String(), Serdes.String()))
                .groupBy((user, page) -> page, Grouped.with(Serdes.String(), Serdes.String()).withName("clicks-by-page"))
                .count(Materialized.as("clicks-per-page"));
        EosConfig config = EosConfig.builder().applicationId("pages").bootstrapServers("unused:9092")
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 10_000)
                .build();
        PipelineTestDriver driver = drivers.create(builder.build(), config, b -> b.topic("clicks", 2));
        TestInput<String, String> clicks = driver.input("clicks", Serdes.String(), Serdes.String());
        TestOutput<String, String> hop =
                driver.output("pages-clicks-by-page-repartition", Serdes.String(), Serdes.String());
        // tag::purge[]
        clicks.send("alice", "/home");
        clicks.send("bob", "/cart");
        driver.runUntilIdle();
        assertThat(hop.readKeyValues()).hasSize(2);        // consumed and committed, not purged yet

        driver.advanceWallClock(Duration.ofSeconds(10));   // repartition.purge.interval.ms passes
        driver.stepOnce();                                 // the thread calls deleteRecords
        assertThat(hop.readKeyValues()).isEmpty();
        // end::purge[]
        assertThat(driver.<String, Long>keyValueStore("clicks-per-page"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("/home", 1L, "/cart", 1L));
        // a crash after the purge loses nothing: the purged records were consumed for good
        driver.crashAndRestart();
        clicks.send("carol", "/home");
        driver.runUntilIdle();
        assertThat(driver.<String, Long>keyValueStore("clicks-per-page"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("/home", 2L, "/cart", 1L));
        assertThat(driver.primaryAssignment()).contains(new TopicPartition("pages-clicks-by-page-repartition", 0));
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void repartitionConfig_shouldBeValidatedWhenBuilt() {
        // tag::config[]
        EosConfig config = EosConfig.builder()
                .applicationId("pages")
                .bootstrapServers("localhost:9092")
                .set(EosConfig.REPARTITION_REPLICATION_FACTOR, 3)
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 10_000)
                .build();
        // end::config[]
        assertThat(config.repartitionReplicationFactor()).isEqualTo(3);
        assertThat(config.repartitionPurgeInterval()).isEqualTo(Duration.ofSeconds(10));
        EosConfig defaults = config("pages");
        assertThat(defaults.repartitionReplicationFactor()).isEqualTo(-1);
        assertThat(defaults.repartitionPurgeInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.REPARTITION_REPLICATION_FACTOR, 0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repartition.replication.factor=0");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.REPARTITION_REPLICATION_FACTOR, -2).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repartition.replication.factor=-2");
        assertThatThrownBy(() -> EosConfig.builder().applicationId("a").bootstrapServers("b:9092")
                .set(EosConfig.REPARTITION_PURGE_INTERVAL_MS, 0).build())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("repartition.purge.interval.ms=0");
    }

    @Test
    void repartitionedName_shouldRefuseCharactersATopicNameCannotHold() {
        assertThatThrownBy(() -> Repartitioned.with(Serdes.String(), Serdes.String()).withName("clicks by page"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Repartition name 'clicks by page' is not usable in a topic name: use only letters, "
                        + "digits, '.', '_' and '-'");
        assertThatThrownBy(() -> Repartitioned.with(Serdes.String(), Serdes.String()).withNumberOfPartitions(0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- the docs quote only tested code

    @Test
    void repartitioningConcept_shouldQuoteOnlyCodeFoundInThisFile() throws IOException {
        assertThat(checkSnippets(DOC)).isGreaterThanOrEqualTo(5);
    }

    /** Checks every ```java block of {@code doc} against this file; returns how many there are. */
    private static int checkSnippets(String doc) throws IOException {
        String text = Files.readString(Path.of(doc));
        List<String> source = trimmedLines(Files.readString(
                Path.of("src/test/java/dev/eos/testkit/docs/RepartitionGuideExamplesTest.java")));
        Matcher snippets = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(text);
        int count = 0;
        List<String> missing = new ArrayList<>();
        while (snippets.find()) {
            count++;
            List<String> snippet = trimmedLines(snippets.group(1)).stream().filter(l -> !l.equals("...")).toList();
            if (Collections.indexOfSubList(source, snippet) < 0) {
                missing.add("snippet " + count + ":\n" + snippets.group(1));
            }
        }
        assertThat(missing).as("snippets of %s not found in RepartitionGuideExamplesTest.java", doc).isEmpty();
        return count;
    }

    private static List<String> trimmedLines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
