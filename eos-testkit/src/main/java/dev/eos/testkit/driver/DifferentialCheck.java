package dev.eos.testkit.driver;

import dev.eos.EosConfig;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Differential testing against Kafka Streams: runs the same input through an Eos
 * {@link Pipeline} in a {@link PipelineTestDriver} and through an equivalent Kafka Streams
 * {@link Topology} in Kafka Streams' {@link TopologyTestDriver}, and compares what each wrote to
 * the output topic.
 *
 * <pre>{@code
 * DifferentialCheck.Result<String, Integer> result = DifferentialCheck.of(eosPipeline, kafkaStreamsTopology)
 *         .input("words", Serdes.String(), Serdes.String())
 *         .output("lengths", Serdes.String(), Serdes.Integer())
 *         .run(List.of(KeyValue.of("a", "one"), KeyValue.of("b", "three")));
 * assertThat(result.agree()).as(result.describeDifference()).isTrue();
 * }</pre>
 *
 * <p>Outputs are compared as multisets of key-value pairs by default: Eos runs the input topic
 * with several partitions (3 unless {@link #partitions(int)} says otherwise) and reads the
 * output partition by partition, so the order across keys differs from the single task of the
 * {@code TopologyTestDriver}. {@link #comparingOrderPerKey()} also requires each output key's
 * values in the same order. That holds for pipelines that keep the input key; a pipeline that
 * re-keys merges records of several input partitions under one key, whose order Kafka does not
 * define, and records with a null key are spread round robin over the partitions, as Kafka's
 * producer spreads them: compare those with {@code partitions(1)}. Keys and values are compared with
 * {@code equals}, so pick types with value equality ({@code byte[]} has none).
 *
 * <p>Eos runs with {@code application.id=differential} and {@code bootstrap.servers=in-memory:0},
 * Kafka Streams with the same application id and a dummy bootstrap server; neither needs a broker.
 * Immutable; every option returns a new instance.
 */
public final class DifferentialCheck {
    /** The application id both sides run with. */
    public static final String APPLICATION_ID = "differential";
    private static final int DEFAULT_PARTITIONS = 3;
    private static final int MAX_LISTED_DIFFERENCES = 10;

    private final Pipeline eosPipeline;
    private final Topology kafkaStreamsTopology;
    private final int partitions;
    private final boolean orderPerKey;

    private DifferentialCheck(Pipeline eosPipeline, Topology kafkaStreamsTopology, int partitions, boolean orderPerKey) {
        this.eosPipeline = Objects.requireNonNull(eosPipeline, "eosPipeline");
        this.kafkaStreamsTopology = Objects.requireNonNull(kafkaStreamsTopology, "kafkaStreamsTopology");
        this.partitions = partitions;
        this.orderPerKey = orderPerKey;
    }

    /**
     * A check of {@code eosPipeline} against {@code kafkaStreamsTopology}, which should compute the
     * same output from the same input.
     *
     * @param eosPipeline          from {@code PipelineBuilder.build()}
     * @param kafkaStreamsTopology from {@code StreamsBuilder.build()} or a hand-built {@link Topology}
     */
    public static DifferentialCheck of(Pipeline eosPipeline, Topology kafkaStreamsTopology) {
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, DEFAULT_PARTITIONS, false);
    }

    /**
     * Runs Eos with {@code count} partitions in the input and output topics; default 3. Kafka
     * Streams' test driver always runs one task.
     *
     * @throws IllegalArgumentException if {@code count} is below 1
     */
    public DifferentialCheck partitions(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("A topic needs at least 1 partition, got " + count);
        }
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, count, orderPerKey);
    }

    /** Also requires the values of each output key in the same order on both sides. */
    public DifferentialCheck comparingOrderPerKey() {
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, partitions, true);
    }

    /** The topic both sides read, and how to write its records. */
    public <K, V> WithInput<K, V> input(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new WithInput<>(this, new Topic<>(topic, keySerde, valueSerde));
    }

    /**
     * A {@link DifferentialCheck} whose input topic is chosen.
     *
     * @param <K> input key type
     * @param <V> input value type
     */
    public static final class WithInput<K, V> {
        private final DifferentialCheck check;
        private final Topic<K, V> input;

        private WithInput(DifferentialCheck check, Topic<K, V> input) {
            this.check = check;
            this.input = input;
        }

        /** The topic both sides write, and how to read its records. */
        public <KO, VO> Ready<K, V, KO, VO> output(String topic, Serde<KO> keySerde, Serde<VO> valueSerde) {
            Topic<KO, VO> output = new Topic<>(topic, keySerde, valueSerde);
            if (output.name.equals(input.name)) {
                throw new IllegalArgumentException("The output topic must differ from the input topic '"
                        + topic + "': a pipeline writing to its own input never goes idle");
            }
            return new Ready<>(check, input, output);
        }
    }

    /**
     * A {@link DifferentialCheck} with its input and output topics, ready to {@link #run}.
     *
     * @param <K>  input key type
     * @param <V>  input value type
     * @param <KO> output key type
     * @param <VO> output value type
     */
    public static final class Ready<K, V, KO, VO> {
        private final DifferentialCheck check;
        private final Topic<K, V> input;
        private final Topic<KO, VO> output;

        private Ready(DifferentialCheck check, Topic<K, V> input, Topic<KO, VO> output) {
            this.check = check;
            this.input = input;
            this.output = output;
        }

        /**
         * Sends {@code inputs}, in order, to the input topic of each side, runs each until it has
         * processed all of them, and compares the outputs. Null keys and values are sent as they are.
         *
         * @throws RuntimeException what either side threw, such as an exception from user code
         */
        public Result<KO, VO> run(List<KeyValue<K, V>> inputs) {
            List<KeyValue<K, V>> records = List.copyOf(Objects.requireNonNull(inputs, "inputs").stream()
                    .map(kv -> Objects.requireNonNull(kv, "an input KeyValue")).toList());
            List<KeyValue<KO, VO>> eos = runEos(records);
            List<KeyValue<KO, VO>> kafkaStreams = runKafkaStreams(records);
            return new Result<>(output.name, check.orderPerKey, eos, kafkaStreams);
        }

        private List<KeyValue<KO, VO>> runEos(List<KeyValue<K, V>> records) {
            EosConfig config = EosConfig.builder().applicationId(APPLICATION_ID).bootstrapServers("in-memory:0").build();
            try (PipelineTestDriver driver = PipelineTestDriver.builder(check.eosPipeline, config)
                    .topic(input.name, check.partitions)
                    .topic(output.name, check.partitions)
                    .build()) {
                TestInput<K, V> in = driver.input(input.name, input.keySerde, input.valueSerde);
                TestOutput<KO, VO> out = driver.output(output.name, output.keySerde, output.valueSerde);
                records.forEach(kv -> in.send(kv.key(), kv.value()));
                driver.runUntilIdle();
                return out.readKeyValues();
            }
        }

        private List<KeyValue<KO, VO>> runKafkaStreams(List<KeyValue<K, V>> records) {
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
            props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
            // Eos tables emit every update; Kafka Streams does too once its record cache is off.
            props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
            try (TopologyTestDriver driver = new TopologyTestDriver(check.kafkaStreamsTopology, props)) {
                TestInputTopic<K, V> in = driver.createInputTopic(input.name,
                        input.keySerde.serializer(), input.valueSerde.serializer());
                TestOutputTopic<KO, VO> out = driver.createOutputTopic(output.name,
                        output.keySerde.deserializer(), output.valueSerde.deserializer());
                records.forEach(kv -> in.pipeInput(kv.key(), kv.value()));
                return out.readKeyValuesToList().stream().map(kv -> KeyValue.of(kv.key, kv.value)).toList();
            }
        }
    }

    /**
     * What both sides wrote to the output topic, and whether they agree. Immutable.
     *
     * @param <K> output key type
     * @param <V> output value type
     */
    public static final class Result<K, V> {
        private final String topic;
        private final boolean orderPerKey;
        private final List<KeyValue<K, V>> eosOutput;
        private final List<KeyValue<K, V>> kafkaStreamsOutput;
        private final String difference;

        private Result(String topic, boolean orderPerKey, List<KeyValue<K, V>> eosOutput,
                       List<KeyValue<K, V>> kafkaStreamsOutput) {
            this.topic = topic;
            this.orderPerKey = orderPerKey;
            this.eosOutput = List.copyOf(eosOutput);
            this.kafkaStreamsOutput = List.copyOf(kafkaStreamsOutput);
            this.difference = orderPerKey ? OutputComparison.orderPerKey(eosOutput, kafkaStreamsOutput, MAX_LISTED_DIFFERENCES)
                    : OutputComparison.multiset(eosOutput, kafkaStreamsOutput, MAX_LISTED_DIFFERENCES);
        }

        /** What Eos committed to the output topic, partition by partition, in offset order. */
        public List<KeyValue<K, V>> eosOutput() {
            return eosOutput;
        }

        /** What Kafka Streams wrote to the output topic, in order. */
        public List<KeyValue<K, V>> kafkaStreamsOutput() {
            return kafkaStreamsOutput;
        }

        /** True if both outputs hold the same key-value pairs, the same number of times (and per key in the same order, if asked). */
        public boolean agree() {
            return difference.isEmpty();
        }

        /** A short account of how the outputs differ, or a line saying they agree. */
        public String describeDifference() {
            String mode = orderPerKey ? "in order per key" : "as multisets";
            if (agree()) {
                return "Eos and Kafka Streams agree on topic '" + topic + "' (" + eosOutput.size()
                        + " records, compared " + mode + ")";
            }
            return "Eos and Kafka Streams disagree on topic '" + topic + "' (compared " + mode + "; Eos wrote "
                    + eosOutput.size() + " records, Kafka Streams " + kafkaStreamsOutput.size() + "):\n" + difference;
        }

        @Override
        public String toString() {
            return describeDifference();
        }
    }

    private record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        Topic {
            Objects.requireNonNull(name, "topic");
            Objects.requireNonNull(keySerde, "keySerde");
            Objects.requireNonNull(valueSerde, "valueSerde");
        }
    }
}
