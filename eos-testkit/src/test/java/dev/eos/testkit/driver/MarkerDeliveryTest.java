package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** The driver's control of transaction markers: landing at each round end, held, delivered in any order. */
class MarkerDeliveryTest {

    @Test
    void markersLandAtTheEndOfEveryStepRoundByDefault() {
        try (PipelineTestDriver driver = driver()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "a");
            driver.stepOnce();
            driver.stepOnce();

            assertThat(driver.transactionMarkers().pending()).isEmpty();
            assertThat(output(driver).readKeyValues()).hasSize(1);
        }
    }

    @Test
    void heldMarkersKeepACommittedTransactionInvisibleUntilTheLastHeldRoundEnds() {
        try (PipelineTestDriver driver = driver()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "a");
            driver.transactionMarkers().hold(3);
            driver.stepOnce();
            driver.stepOnce(); // drained: committed

            assertThat(driver.primaryMetrics().transactionsCommitted()).isEqualTo(1);
            assertThat(output(driver).readKeyValues()).as("decided, markers held").isEmpty();
            assertThat(driver.transactionMarkers().pending())
                    .containsExactly("COMMITTED marker of transactional.id=markers-pod-0-0 in out-0",
                            "COMMITTED marker of transactional.id=markers-pod-0-0 in the offsets of group markers");

            driver.stepOnce();
            assertThat(output(driver).readKeyValues()).hasSize(1);
            assertThat(driver.transactionMarkers().pending()).isEmpty();
        }
    }

    @Test
    void markersDeliveredOneByOneLandInTheOrderAsked() {
        try (PipelineTestDriver driver = driver()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "a");
            driver.transactionMarkers().hold(5);
            driver.stepOnce();
            driver.stepOnce();

            assertThat(driver.transactionMarkers().deliver(m -> m.contains("offsets of group"))).hasSize(1);
            assertThat(output(driver).readKeyValues()).as("the offsets landed, the records' marker not").isEmpty();
            assertThat(driver.transactionMarkers().deliverAll()).singleElement().asString().contains("out-0");
            assertThat(output(driver).readKeyValues()).hasSize(1);
        }
    }

    @Test
    void deliverSomeLandsASubsetChosenBySeedTheSameWayEveryTime() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (PipelineTestDriver driver = driver()) {
                driver.input("in", Serdes.String(), Serdes.String()).send("k", "a");
                driver.transactionMarkers().hold(5);
                driver.stepOnce();
                driver.stepOnce();
                List<String> before = driver.transactionMarkers().pending();

                List<String> delivered = driver.transactionMarkers().deliverSome(11);

                assertThat(before).containsAll(delivered);
                assertThat(driver.transactionMarkers().pending()).doesNotContainAnyElementsOf(delivered)
                        .hasSize(before.size() - delivered.size());
                runs.add(delivered);
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1));
    }

    @Test
    void runUntilIdleDeliversHeldMarkers() {
        try (PipelineTestDriver driver = driver()) {
            driver.input("in", Serdes.String(), Serdes.String()).send("k", "a");
            driver.transactionMarkers().hold(1_000);
            driver.runUntilIdle();

            assertThat(driver.transactionMarkers().pending()).isEmpty();
            assertThat(output(driver).readKeyValues()).hasSize(1);
            assertThatThrownBy(() -> driver.transactionMarkers().hold(0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static PipelineTestDriver driver() {
        EosConfig config = EosConfig.builder().applicationId("markers").bootstrapServers("never-used:9092")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
        return PipelineTestDriver.builder(shout(), config).build();
    }

    private static TestOutput<String, String> output(PipelineTestDriver driver) {
        return driver.output("out", Serdes.String(), Serdes.String());
    }

    private static Pipeline shout() {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
