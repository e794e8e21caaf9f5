package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.dsl.Pipeline;
import dev.eos.processor.Record;
import dev.eos.testkit.driver.DifferentialCheck.InputRecord;
import dev.eos.testkit.driver.DifferentialCheck.InputTopic;
import dev.eos.testkit.driver.DifferentialCheck.OutputRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Runs one {@link DifferentialCheck} input through each side and reads what each wrote to the
 * output topic, with timestamps.
 */
final class DifferentialRun {
    private DifferentialRun() {
    }

    /**
     * Eos: every input topic and the output topic get {@code partitions} partitions. With
     * {@code recordByRecord}, each record is processed to the end (and committed) before the next
     * is sent, as the {@code TopologyTestDriver} does; otherwise all are sent and then processed.
     */
    static <KO, VO> List<OutputRecord<KO, VO>> eos(Pipeline pipeline, int partitions, Collection<InputTopic<?, ?>> inputs,
                                                    String output, Serde<KO> keySerde, Serde<VO> valueSerde,
                                                    List<InputRecord<?, ?>> records, boolean recordByRecord) {
        EosConfig config = EosConfig.builder().applicationId(DifferentialCheck.APPLICATION_ID)
                .bootstrapServers("in-memory:0").build();
        PipelineTestDriver.Builder builder = PipelineTestDriver.builder(pipeline, config);
        inputs.forEach(topic -> builder.topic(topic.name(), partitions));
        builder.topic(output, partitions);
        try (PipelineTestDriver driver = builder.build()) {
            Map<String, TestInput<?, ?>> writers = new HashMap<>();
            inputs.forEach(topic -> writers.put(topic.name(),
                    driver.input(topic.name(), topic.keySerde(), topic.valueSerde())));
            for (InputRecord<?, ?> record : records) {
                sendToEos(writers.get(record.topic().name()), record);
                if (recordByRecord) {
                    driver.runUntilIdle();
                }
            }
            driver.runUntilIdle();
            TestOutput<KO, VO> out = driver.output(output, keySerde, valueSerde);
            return out.readRecords().stream().map(DifferentialRun::outputRecord).toList();
        }
    }

    /**
     * Kafka Streams in its {@code TopologyTestDriver}, with the record cache off and a state
     * directory of its own, deleted afterwards: the default one is shared by every test JVM on the
     * machine, and RocksDB refuses a store another process holds open.
     */
    static <KO, VO> List<OutputRecord<KO, VO>> kafkaStreams(Topology topology, Collection<InputTopic<?, ?>> inputs,
                                                             String output, Serde<KO> keySerde, Serde<VO> valueSerde,
                                                             List<InputRecord<?, ?>> records) {
        Path stateDir = createTempDirectory();
        try {
            return kafkaStreams(topology, stateDir, inputs, output, keySerde, valueSerde, records);
        } finally {
            deleteRecursively(stateDir);
        }
    }

    private static <KO, VO> List<OutputRecord<KO, VO>> kafkaStreams(Topology topology, Path stateDir,
                                                                     Collection<InputTopic<?, ?>> inputs, String output,
                                                                     Serde<KO> keySerde, Serde<VO> valueSerde,
                                                                     List<InputRecord<?, ?>> records) {
        Properties props = new Properties();
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, DifferentialCheck.APPLICATION_ID);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
        // Eos tables emit every update; Kafka Streams does too once its record cache is off.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props)) {
            Map<String, TestInputTopic<?, ?>> writers = new HashMap<>();
            inputs.forEach(topic -> writers.put(topic.name(), driver.createInputTopic(topic.name(),
                    topic.keySerde().serializer(), topic.valueSerde().serializer())));
            for (InputRecord<?, ?> record : records) {
                sendToKafkaStreams(writers.get(record.topic().name()), record);
            }
            TestOutputTopic<KO, VO> out = driver.createOutputTopic(output, keySerde.deserializer(),
                    valueSerde.deserializer());
            return out.readRecordsToList().stream()
                    .map(r -> new OutputRecord<>(r.key(), r.value(), r.timestamp())).toList();
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("differential-kafka-streams-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a state directory for Kafka Streams", e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: a temporary directory left behind is harmless.
        }
    }

    @SuppressWarnings("unchecked") // the writer was made from the record's own topic
    private static <K, V> void sendToEos(TestInput<?, ?> writer, InputRecord<K, V> record) {
        TestInput<K, V> typed = (TestInput<K, V>) writer;
        if (record.timestampMs().isPresent()) {
            typed.send(record.key(), record.value(), record.timestampMs().getAsLong());
        } else {
            typed.send(record.key(), record.value());
        }
    }

    @SuppressWarnings("unchecked") // the writer was made from the record's own topic
    private static <K, V> void sendToKafkaStreams(TestInputTopic<?, ?> writer, InputRecord<K, V> record) {
        TestInputTopic<K, V> typed = (TestInputTopic<K, V>) writer;
        if (record.timestampMs().isPresent()) {
            typed.pipeInput(record.key(), record.value(), record.timestampMs().getAsLong());
        } else {
            typed.pipeInput(record.key(), record.value());
        }
    }

    private static <K, V> OutputRecord<K, V> outputRecord(Record<K, V> record) {
        return new OutputRecord<>(record.key(), record.value(), record.timestamp());
    }
}
