package dev.eos.testkit.differential;

import dev.eos.dsl.EventStream;
import dev.eos.dsl.Table;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;

/** The two sides of one point of a pipeline being built: the Eos handle and the Kafka Streams handle. */
sealed interface Flow {

    /** A stream of String keys and values; {@code keyChanged} if a step may have changed the key. */
    record Stream(EventStream<String, String> eos, KStream<String, String> kafkaStreams, boolean keyChanged)
            implements Flow {
    }

    /** A table of String keys and values. */
    record Tables(Table<String, String> eos, KTable<String, String> kafkaStreams) implements Flow {
    }
}
