package dev.eos.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.dsl.Table;
import dev.eos.errors.ConfigException;
import dev.eos.errors.EosException;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.kafka.EmbeddedKafkaExtension;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What a stateful app checks at start(), before it reads a record. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StateStartupChecksIT {
    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = EmbeddedKafkaExtension.singleBroker();

    private static final Serde<String> STRINGS = Serdes.String();

    @TempDir
    Path stateDir;

    @Test
    void shouldFailToStartASecondInstanceOnTheSameStateDirWhileTheFirstRuns() throws Exception {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String in = KAFKA.uniqueTopic("locked-in");
        String out = KAFKA.uniqueTopic("locked-out");
        kafka.createTopic(in, 2);
        kafka.createTopic(out, 2);
        EosConfig config = KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("locked-app"))
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .build();

        try (EosApp first = EosApp.create(count(in, out), config);
             EosApp second = EosApp.create(count(in, out), config)) {
            Apps.startAndAwaitRunning(first);

            assertThatThrownBy(second::start)
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(EosConfig.STATE_DIR + "=" + stateDir)
                    .hasMessageContaining("is in use")
                    .satisfies(e -> assertThat(((ConfigException) e).key()).isEqualTo(EosConfig.STATE_DIR));
            assertThat(second.state()).isEqualTo(AppState.ERROR);
            assertThat(first.state()).as("the first instance keeps running").isEqualTo(AppState.RUNNING);
        }

        // Closing releases the lock: a new instance on the same state.dir starts.
        try (EosApp third = EosApp.create(count(in, out), config)) {
            Apps.startAndAwaitRunning(third);
        }
    }

    @Test
    void shouldFailToStartWhenTheStreamAndTableTopicsHaveDifferentPartitionCounts() {
        EmbeddedKafkaCluster kafka = KAFKA.cluster();
        String clicks = KAFKA.uniqueTopic("copart-clicks");
        String profiles = KAFKA.uniqueTopic("copart-profiles");
        String out = KAFKA.uniqueTopic("copart-out");
        kafka.createTopic(clicks, 2);
        kafka.createTopic(profiles, 3);
        kafka.createTopic(out, 2);
        PipelineBuilder builder = new PipelineBuilder();
        Table<String, String> table = builder.table(profiles, Consumed.with(STRINGS, STRINGS),
                Materialized.as("profiles"));
        builder.stream(clicks, Consumed.with(STRINGS, STRINGS))
                .join(table, (click, profile) -> click + "|" + profile)
                .to(out, Produced.with(STRINGS, STRINGS));
        EosConfig config = KafkaIo.eosConfig(kafka, KAFKA.uniqueTopic("copart-app"))
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .build();

        try (EosApp app = EosApp.create(builder.build(), config)) {
            assertThatThrownBy(app::start)
                    .isInstanceOf(EosException.class)
                    .hasMessageContaining("must have the same number of partitions")
                    .hasMessageContaining(clicks + "=2")
                    .hasMessageContaining(profiles + "=3")
                    .hasMessageContaining("Fix: give the topics the same partition count");
            assertThat(app.state()).isEqualTo(AppState.ERROR);
        }
    }

    private static Pipeline count(String in, String out) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .count(Materialized.as("counts"))
                .toStream()
                .to(out, Produced.with(STRINGS, Serdes.Long()));
        return builder.build();
    }
}
