package dev.eos.internal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.MissingDependencyException;
import dev.eos.internal.plan.LogicalPlan;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/** A build that excluded rocksdbjni: stateful pipelines are refused at create, others run. */
class RocksDbPresenceTest {
    private static final Serde<String> S = Serdes.String();
    /** Sees only the JDK, as a classpath without rocksdbjni does for org.rocksdb. */
    private static final ClassLoader WITHOUT_ROCKSDB = new ClassLoader(null) { };

    @Test
    void persistentStoreWithoutRocksDbIsRefusedNamingTheStoreAndTheArtifactToAdd() {
        assertThatThrownBy(() -> RocksDbPresence.require(counting(Materialized.as("word-counts")), WITHOUT_ROCKSDB))
                .isInstanceOf(MissingDependencyException.class)
                .hasMessageContaining("persistent stores [word-counts]")
                .hasMessageContaining("org.rocksdb.RocksDB is not on the classpath")
                .hasMessageMatching("(?s).*Fix: add org\\.rocksdb:rocksdbjni:\\d+\\.\\d+\\.\\d+ to your dependencies.*")
                .hasMessageContaining("inMemory()")
                .satisfies(e -> assertThat(((MissingDependencyException) e).artifact())
                        .matches("org\\.rocksdb:rocksdbjni:\\d+\\.\\d+\\.\\d+"));
    }

    @Test
    void inMemoryStoresAndStatelessPipelinesNeedNoRocksDb() {
        assertThatCode(() -> RocksDbPresence.require(counting(Materialized.<String, Long>as("counts").inMemory()),
                WITHOUT_ROCKSDB)).doesNotThrowAnyException();
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(S, S)).mapValues(v -> v + "!").to("out", Produced.with(S, S));
        assertThatCode(() -> RocksDbPresence.require((LogicalPlan) b.build(), WITHOUT_ROCKSDB))
                .doesNotThrowAnyException();
    }

    @Test
    void persistentStoreWithRocksDbOnTheClasspathPasses() {
        assertThatCode(() -> RocksDbPresence.requireForPersistentStores(counting(Materialized.as("word-counts"))))
                .doesNotThrowAnyException();
    }

    private static LogicalPlan counting(Materialized<String, Long> store) {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("words", Consumed.with(S, S))
                .groupByKey(Grouped.with(S, S))
                .count(store)
                .toStream()
                .to("counts", Produced.with(S, Serdes.Long()));
        return (LogicalPlan) b.build();
    }
}
