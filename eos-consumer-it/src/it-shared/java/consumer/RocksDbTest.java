package consumer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.MissingDependencyException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A build that keeps rocksdbjni creates stateful apps; one that excludes it (the
 * without-rocksdb project) is told at EosApp.create which artifact to add.
 */
class RocksDbTest {
    private static final boolean EXPECTED = Boolean.parseBoolean(System.getProperty("expected.rocksdb"));

    @Test
    void rocksDbIsOnTheClasspathExactlyWhenThisProjectKeepsIt() {
        assertEquals(EXPECTED, present());
    }

    @Test
    void statefulAppIsCreatedOnlyWithRocksDbAndOtherwiseNamesTheArtifactToAdd() {
        EosConfig config = EosConfig.builder().applicationId("count").bootstrapServers("localhost:9").build();
        if (EXPECTED) {
            assertDoesNotThrow(() -> EosApp.create(counting(Materialized.as("counts")), config).close());
            return;
        }
        MissingDependencyException e = assertThrows(MissingDependencyException.class,
                () -> EosApp.create(counting(Materialized.as("counts")), config));
        assertTrue(e.getMessage().contains("persistent stores [counts]"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: add org.rocksdb:rocksdbjni:"), e.getMessage());
        assertTrue(e.artifact().matches("org\\.rocksdb:rocksdbjni:\\d+\\.\\d+\\.\\d+"), e.artifact());
        assertDoesNotThrow(() -> EosApp.create(counting(Materialized.<String, Long>as("counts").inMemory()), config)
                .close(), "in-memory stores need no RocksDB");
    }

    private static Pipeline counting(Materialized<String, Long> store) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("words", Consumed.with(Serdes.String(), Serdes.String()))
                .groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                .count(store)
                .toStream()
                .to("counts", Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }

    private static boolean present() {
        try {
            Class.forName("org.rocksdb.RocksDB", false, RocksDbTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
