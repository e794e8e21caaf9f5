package dev.eos.testkit.differential;

import dev.eos.dsl.PipelineBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;

/**
 * Both builders of one pipeline under construction, the table source (made once, since Kafka
 * Streams allows one source per topic), and a counter for unique store and topic names.
 */
final class BuildContext {
    static final Serde<String> STRINGS = Serdes.String();
    static final String STREAM_TOPIC = "in";
    static final String TABLE_TOPIC = "tbl";
    static final String OUTPUT_TOPIC = "out";

    final PipelineBuilder eos = new PipelineBuilder();
    final StreamsBuilder kafkaStreams = new StreamsBuilder();
    private Flow.Tables tableSource;
    private int names;

    /** A fresh name with {@code prefix}, for stores, groupings and splits. */
    String name(String prefix) {
        return prefix + (names++);
    }

    /**
     * The table of the table topic, materialized on both sides: Eos tables always are, and Kafka
     * Streams' Table.filter differs on an unmaterialized source
     * ({@link DeliberateDifference#TABLE_FILTER_ON_UNMATERIALIZED_SOURCE}).
     */
    Flow.Tables tableSource() {
        if (tableSource == null) {
            tableSource = new Flow.Tables(
                    eos.table(TABLE_TOPIC, dev.eos.dsl.Consumed.with(STRINGS, STRINGS),
                            dev.eos.dsl.Materialized.as("tbl-store")),
                    kafkaStreams.table(TABLE_TOPIC, org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS),
                            org.apache.kafka.streams.kstream.Materialized.<String, String,
                                    org.apache.kafka.streams.state.KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>>
                                    as("tbl-store").withKeySerde(STRINGS).withValueSerde(STRINGS)));
        }
        return tableSource;
    }

    Flow.Stream streamSource() {
        return new Flow.Stream(eos.stream(STREAM_TOPIC, dev.eos.dsl.Consumed.with(STRINGS, STRINGS)),
                kafkaStreams.stream(STREAM_TOPIC, org.apache.kafka.streams.kstream.Consumed.with(STRINGS, STRINGS)),
                false);
    }
}
