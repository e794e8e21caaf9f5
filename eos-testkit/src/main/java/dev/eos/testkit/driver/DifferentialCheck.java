package dev.eos.testkit.driver;

import dev.eos.dsl.KeyValue;
import dev.eos.dsl.Pipeline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Differential testing against Kafka Streams: runs the same input through an Eos
 * {@link Pipeline} in a {@link PipelineTestDriver} and through an equivalent Kafka Streams
 * {@link Topology} in Kafka Streams' {@link TopologyTestDriver}, and compares what each wrote to
 * the output topic.
 *
 * <p>One input topic, records without timestamps:
 *
 * <pre>{@code
 * DifferentialCheck.Result<String, Integer> result = DifferentialCheck.of(eosPipeline, kafkaStreamsTopology)
 *         .input("words", Serdes.String(), Serdes.String())
 *         .output("lengths", Serdes.String(), Serdes.Integer())
 *         .run(List.of(KeyValue.of("a", "one"), KeyValue.of("b", "three")));
 * assertThat(result.agree()).as(result.describeDifference()).isTrue();
 * }</pre>
 *
 * <p>Several input topics (a stream and a table, say), records with timestamps, and the full
 * update sequence of each output key compared, values and timestamps, with every topic at one
 * partition as in the {@code TopologyTestDriver}:
 *
 * <pre>{@code
 * InputTopic<String, String> orders = InputTopic.of("orders", Serdes.String(), Serdes.String());
 * InputTopic<String, String> customers = InputTopic.of("customers", Serdes.String(), Serdes.String());
 * DifferentialCheck.Result<String, String> result = DifferentialCheck.of(eosPipeline, kafkaStreamsTopology)
 *         .partitions(1)
 *         .comparingTimestamps()
 *         .inputs(orders, customers)
 *         .output("enriched", Serdes.String(), Serdes.String())
 *         .run(List.of(customers.record("alice", "gold", 500L),
 *                 orders.record("alice", "book", 1_000L),
 *                 customers.record("alice", null, 1_500L)));
 * }</pre>
 *
 * <p>Outputs are compared as multisets of key-value pairs by default: Eos runs the input topics
 * with several partitions (3 unless {@link #partitions(int)} says otherwise) and reads the
 * output partition by partition, so the order across keys differs from the single task of the
 * {@code TopologyTestDriver}. {@link #comparingOrderPerKey()} also requires each output key's
 * values in the same order, and {@link #comparingTimestamps()} each key's records in the same
 * order with the same values and timestamps. Order holds for pipelines that keep the input key; a
 * pipeline that re-keys merges records of several input partitions under one key, whose order
 * Kafka does not define, and records with a null key are spread round robin over the partitions,
 * as Kafka's producer spreads them: compare those with {@code partitions(1)}. Keys and values are
 * compared with {@code equals}, so pick types with value equality ({@code byte[]} has none).
 *
 * <p>Records sent with {@link #input} are all sent, then processed. Records sent with
 * {@link #inputs} are processed one at a time, each to the end (through repartition topics, and
 * committed) before the next is sent, as the {@code TopologyTestDriver} processes each piped
 * record at once: so records of several topics are processed in the order of the list on both
 * sides. Topics of the pipeline that no input names (its repartition topics aside) get one
 * partition, whatever {@link #partitions} says.
 *
 * <p>Eos runs with {@code application.id=differential} and {@code bootstrap.servers=in-memory:0},
 * Kafka Streams with the same application id, a dummy bootstrap server, a temporary state directory
 * of its own (deleted after the run) and its record cache off
 * ({@code statestore.cache.max.bytes=0}, so that tables emit every update, as Eos tables do);
 * neither needs a broker. Immutable; every option returns a new instance.
 */
public final class DifferentialCheck {
    /** The application id both sides run with. */
    public static final String APPLICATION_ID = "differential";
    private static final int DEFAULT_PARTITIONS = 3;
    private static final int MAX_LISTED_DIFFERENCES = 10;

    private final Pipeline eosPipeline;
    private final Topology kafkaStreamsTopology;
    private final int partitions;
    private final OutputComparison comparison;

    private DifferentialCheck(Pipeline eosPipeline, Topology kafkaStreamsTopology, int partitions,
                              OutputComparison comparison) {
        this.eosPipeline = Objects.requireNonNull(eosPipeline, "eosPipeline");
        this.kafkaStreamsTopology = Objects.requireNonNull(kafkaStreamsTopology, "kafkaStreamsTopology");
        this.partitions = partitions;
        this.comparison = comparison;
    }

    /**
     * A check of {@code eosPipeline} against {@code kafkaStreamsTopology}, which should compute the
     * same output from the same input.
     *
     * @param eosPipeline          from {@code PipelineBuilder.build()}
     * @param kafkaStreamsTopology from {@code StreamsBuilder.build()} or a hand-built {@link Topology}
     */
    public static DifferentialCheck of(Pipeline eosPipeline, Topology kafkaStreamsTopology) {
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, DEFAULT_PARTITIONS, OutputComparison.MULTISET);
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
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, count, comparison);
    }

    /** Also requires the values of each output key in the same order on both sides. */
    public DifferentialCheck comparingOrderPerKey() {
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, partitions, OutputComparison.ORDER_PER_KEY);
    }

    /**
     * Requires the full update sequence of each output key to be the same on both sides: the same
     * records under the key, in the same order, with the same values and the same timestamps.
     * Meaningful for records sent with a timestamp ({@link InputTopic#record(Object, Object, long)}).
     */
    public DifferentialCheck comparingTimestamps() {
        return new DifferentialCheck(eosPipeline, kafkaStreamsTopology, partitions,
                OutputComparison.TIMESTAMPS_PER_KEY);
    }

    /** The one topic both sides read, and how to write its records. */
    public <K, V> WithInput<K, V> input(String topic, Serde<K> keySerde, Serde<V> valueSerde) {
        return new WithInput<>(this, InputTopic.of(topic, keySerde, valueSerde));
    }

    /**
     * The topics both sides read, such as a stream's topic and a table's. Every topic listed gets
     * {@link #partitions} partitions in Eos, whether or not a run sends records to it.
     *
     * @throws IllegalArgumentException if no topic is given or a name is given twice
     */
    public WithInputs inputs(InputTopic<?, ?>... topics) {
        Map<String, InputTopic<?, ?>> byName = new LinkedHashMap<>();
        for (InputTopic<?, ?> topic : topics) {
            Objects.requireNonNull(topic, "an input topic");
            if (byName.putIfAbsent(topic.name(), topic) != null) {
                throw new IllegalArgumentException("Input topic '" + topic.name() + "' is listed twice");
            }
        }
        if (byName.isEmpty()) {
            throw new IllegalArgumentException("A check needs at least one input topic");
        }
        return new WithInputs(this, List.copyOf(byName.values()));
    }

    private static void requireNotAnInput(String output, List<InputTopic<?, ?>> inputs) {
        Objects.requireNonNull(output, "topic");
        for (InputTopic<?, ?> input : inputs) {
            if (input.name().equals(output)) {
                throw new IllegalArgumentException("The output topic must differ from the input topic '"
                        + output + "': a pipeline writing to its own input never goes idle");
            }
        }
    }

    /**
     * A {@link DifferentialCheck} whose input topic is chosen.
     *
     * @param <K> input key type
     * @param <V> input value type
     */
    public static final class WithInput<K, V> {
        private final DifferentialCheck check;
        private final InputTopic<K, V> input;

        private WithInput(DifferentialCheck check, InputTopic<K, V> input) {
            this.check = check;
            this.input = input;
        }

        /** The topic both sides write, and how to read its records. */
        public <KO, VO> Ready<K, V, KO, VO> output(String topic, Serde<KO> keySerde, Serde<VO> valueSerde) {
            requireNotAnInput(topic, List.of(input));
            return new Ready<>(check, input, new OutputTopic<>(topic, keySerde, valueSerde));
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
        private final InputTopic<K, V> input;
        private final OutputTopic<KO, VO> output;

        private Ready(DifferentialCheck check, InputTopic<K, V> input, OutputTopic<KO, VO> output) {
            this.check = check;
            this.input = input;
            this.output = output;
        }

        /**
         * Sends {@code inputs}, in order, to the input topic of each side, without timestamps,
         * runs each until it has processed all of them, and compares the outputs. Null keys and
         * values are sent as they are.
         *
         * @throws RuntimeException what either side threw, such as an exception from user code
         */
        public Result<KO, VO> run(List<KeyValue<K, V>> inputs) {
            List<InputRecord<?, ?>> records = new ArrayList<>();
            for (KeyValue<K, V> kv : Objects.requireNonNull(inputs, "inputs")) {
                Objects.requireNonNull(kv, "an input KeyValue");
                records.add(input.record(kv.key(), kv.value()));
            }
            return check.run(List.of(input), output, records, false);
        }
    }

    /** A {@link DifferentialCheck} whose input topics are chosen. */
    public static final class WithInputs {
        private final DifferentialCheck check;
        private final List<InputTopic<?, ?>> inputs;

        private WithInputs(DifferentialCheck check, List<InputTopic<?, ?>> inputs) {
            this.check = check;
            this.inputs = inputs;
        }

        /** The topic both sides write, and how to read its records. */
        public <KO, VO> ReadyForRecords<KO, VO> output(String topic, Serde<KO> keySerde, Serde<VO> valueSerde) {
            requireNotAnInput(topic, inputs);
            return new ReadyForRecords<>(check, inputs, new OutputTopic<>(topic, keySerde, valueSerde));
        }
    }

    /**
     * A {@link DifferentialCheck} with its input topics and its output topic, ready to {@link #run}
     * records of any of the input topics.
     *
     * @param <KO> output key type
     * @param <VO> output value type
     */
    public static final class ReadyForRecords<KO, VO> {
        private final DifferentialCheck check;
        private final List<InputTopic<?, ?>> inputs;
        private final OutputTopic<KO, VO> output;

        private ReadyForRecords(DifferentialCheck check, List<InputTopic<?, ?>> inputs, OutputTopic<KO, VO> output) {
            this.check = check;
            this.inputs = inputs;
            this.output = output;
        }

        /**
         * Sends {@code records} one at a time, in order, each to its topic on each side, and has
         * each side process it to the end before the next is sent; then compares the outputs.
         *
         * @throws IllegalArgumentException if a record's topic is not one of the {@code inputs}
         * @throws RuntimeException         what either side threw, such as an exception from user code
         */
        public Result<KO, VO> run(List<? extends InputRecord<?, ?>> records) {
            List<InputRecord<?, ?>> copy = List.copyOf(Objects.requireNonNull(records, "records"));
            for (InputRecord<?, ?> record : copy) {
                if (inputs.stream().noneMatch(topic -> topic.name().equals(record.topic().name()))) {
                    throw new IllegalArgumentException("Record " + record + " is for topic '" + record.topic().name()
                            + "', which is not one of the check's inputs " + inputs);
                }
            }
            return check.run(inputs, output, copy, true);
        }
    }

    private <KO, VO> Result<KO, VO> run(List<InputTopic<?, ?>> inputs, OutputTopic<KO, VO> output,
                                        List<InputRecord<?, ?>> records, boolean recordByRecord) {
        List<OutputRecord<KO, VO>> eos = DifferentialRun.eos(eosPipeline, partitions, inputs, output.name(),
                output.keySerde(), output.valueSerde(), records, recordByRecord);
        List<OutputRecord<KO, VO>> kafkaStreams = DifferentialRun.kafkaStreams(kafkaStreamsTopology, inputs,
                output.name(), output.keySerde(), output.valueSerde(), records);
        return new Result<>(output.name(), comparison, eos, kafkaStreams);
    }

    /**
     * What both sides wrote to the output topic, with timestamps, and whether they agree. Immutable.
     *
     * @param <K> output key type
     * @param <V> output value type
     */
    public static final class Result<K, V> {
        private final String topic;
        private final OutputComparison comparison;
        private final List<OutputRecord<K, V>> eosRecords;
        private final List<OutputRecord<K, V>> kafkaStreamsRecords;
        private final String difference;

        private Result(String topic, OutputComparison comparison, List<OutputRecord<K, V>> eosRecords,
                       List<OutputRecord<K, V>> kafkaStreamsRecords) {
            this.topic = topic;
            this.comparison = comparison;
            this.eosRecords = List.copyOf(eosRecords);
            this.kafkaStreamsRecords = List.copyOf(kafkaStreamsRecords);
            this.difference = comparison.compare(eosRecords, kafkaStreamsRecords, MAX_LISTED_DIFFERENCES);
        }

        /** What Eos committed to the output topic, partition by partition, in offset order. */
        public List<KeyValue<K, V>> eosOutput() {
            return eosRecords.stream().map(r -> KeyValue.of(r.key(), r.value())).toList();
        }

        /** What Kafka Streams wrote to the output topic, in order. */
        public List<KeyValue<K, V>> kafkaStreamsOutput() {
            return kafkaStreamsRecords.stream().map(r -> KeyValue.of(r.key(), r.value())).toList();
        }

        /** What Eos committed to the output topic, with timestamps, partition by partition, in offset order. */
        public List<OutputRecord<K, V>> eosRecords() {
            return eosRecords;
        }

        /** What Kafka Streams wrote to the output topic, with timestamps, in order. */
        public List<OutputRecord<K, V>> kafkaStreamsRecords() {
            return kafkaStreamsRecords;
        }

        /**
         * True if both outputs hold the same key-value pairs, the same number of times (and per key
         * in the same order, or per key the same records with the same timestamps, if asked).
         */
        public boolean agree() {
            return difference.isEmpty();
        }

        /**
         * A short account of how the outputs differ, or a line saying they agree. Compared per key,
         * each line names the key, the first position where the sides part, what each wrote there
         * (with the timestamp, if compared), and each side's whole sequence for the key.
         */
        public String describeDifference() {
            if (agree()) {
                return "Eos and Kafka Streams agree on topic '" + topic + "' (" + eosRecords.size()
                        + " records, compared " + comparison.description() + ")";
            }
            return "Eos and Kafka Streams disagree on topic '" + topic + "' (compared " + comparison.description()
                    + "; Eos wrote " + eosRecords.size() + " records, Kafka Streams " + kafkaStreamsRecords.size()
                    + "):\n" + difference;
        }

        @Override
        public String toString() {
            return describeDifference();
        }
    }

    /**
     * An input topic of a {@link DifferentialCheck} and how to write its records; makes the
     * records to send to it. Immutable.
     *
     * <pre>{@code
     * InputTopic<String, String> customers = InputTopic.of("customers", Serdes.String(), Serdes.String());
     * InputRecord<String, String> update = customers.record("alice", "gold", 1_000L);
     * InputRecord<String, String> deletion = customers.record("alice", null, 2_000L);
     * }</pre>
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class InputTopic<K, V> {
        private final String name;
        private final Serde<K> keySerde;
        private final Serde<V> valueSerde;

        private InputTopic(String name, Serde<K> keySerde, Serde<V> valueSerde) {
            this.name = Objects.requireNonNull(name, "topic");
            this.keySerde = Objects.requireNonNull(keySerde, "keySerde");
            this.valueSerde = Objects.requireNonNull(valueSerde, "valueSerde");
        }

        /** The topic {@code name}, whose keys and values are written with these serdes. */
        public static <K, V> InputTopic<K, V> of(String name, Serde<K> keySerde, Serde<V> valueSerde) {
            return new InputTopic<>(name, keySerde, valueSerde);
        }

        /** The topic's name. */
        public String name() {
            return name;
        }

        Serde<K> keySerde() {
            return keySerde;
        }

        Serde<V> valueSerde() {
            return valueSerde;
        }

        /**
         * A record for this topic with the given timestamp; the key and the value may be null.
         *
         * @param timestampMs epoch milliseconds; not negative
         * @throws IllegalArgumentException if {@code timestampMs} is negative
         */
        public InputRecord<K, V> record(K key, V value, long timestampMs) {
            if (timestampMs < 0) {
                throw new IllegalArgumentException("A record timestamp must not be negative, got " + timestampMs
                        + " for topic " + name);
            }
            return new InputRecord<>(this, key, value, OptionalLong.of(timestampMs));
        }

        /**
         * A record for this topic without a timestamp: each side stamps it with its own clock
         * (the driver's wall clock, the {@code TopologyTestDriver}'s input topic time), so
         * compare the outputs of such records without {@link #comparingTimestamps()}.
         */
        public InputRecord<K, V> record(K key, V value) {
            return new InputRecord<>(this, key, value, OptionalLong.empty());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /**
     * One record to send to an input topic: key, value (either may be null) and, if given, its
     * timestamp. Immutable. Prints as {@code topic:key=value@timestamp}.
     *
     * @param <K> key type
     * @param <V> value type
     */
    public static final class InputRecord<K, V> {
        private final InputTopic<K, V> topic;
        private final K key;
        private final V value;
        private final OptionalLong timestampMs;

        private InputRecord(InputTopic<K, V> topic, K key, V value, OptionalLong timestampMs) {
            this.topic = topic;
            this.key = key;
            this.value = value;
            this.timestampMs = timestampMs;
        }

        /** The topic the record goes to. */
        public InputTopic<K, V> topic() {
            return topic;
        }

        /** The key; may be null. */
        public K key() {
            return key;
        }

        /** The value; may be null. */
        public V value() {
            return value;
        }

        /** The timestamp in epoch milliseconds, if the record has one. */
        public OptionalLong timestampMs() {
            return timestampMs;
        }

        @Override
        public String toString() {
            return topic.name() + ":" + key + "=" + value
                    + (timestampMs.isPresent() ? "@" + timestampMs.getAsLong() : "");
        }
    }

    /**
     * One record a side wrote to the output topic: key, value (either may be null) and
     * timestamp. Prints as {@code key=value@timestamp}.
     *
     * @param key         the key; may be null
     * @param value       the value; may be null (a tombstone)
     * @param timestampMs the record's timestamp, in epoch milliseconds
     * @param <K>         key type
     * @param <V>         value type
     */
    public record OutputRecord<K, V>(K key, V value, long timestampMs) {
        @Override
        public String toString() {
            return key + "=" + value + "@" + timestampMs;
        }
    }

    private record OutputTopic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        OutputTopic {
            Objects.requireNonNull(name, "topic");
            Objects.requireNonNull(keySerde, "keySerde");
            Objects.requireNonNull(valueSerde, "valueSerde");
        }
    }
}
