package dev.eos.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * Kafka Streams with {@code processing.guarantee=exactly_once_v2} (or {@code at_least_once}) and
 * every other setting at its default, the way its users get it, running the {@link WorkloadKind}.
 * For the copy, {@code selectKey} followed directly by {@code to} writes to the output topic
 * without a repartition topic; the rekey puts {@code repartition()} between them; for the count,
 * {@code groupByKey} on the already keyed input needs none, and the store is Kafka Streams'
 * default: RocksDB with a changelog and its record cache.
 */
final class KafkaStreamsVariant implements Variant {
    private final WorkloadKind kind;
    private final String guarantee;

    KafkaStreamsVariant(WorkloadKind kind) {
        this(kind, StreamsConfig.EXACTLY_ONCE_V2);
    }

    /** @param guarantee {@code exactly_once_v2} or {@code at_least_once} */
    KafkaStreamsVariant(WorkloadKind kind, String guarantee) {
        this.kind = kind;
        this.guarantee = guarantee;
    }

    /** {@code kafka-streams}, or {@code kafka-streams-alos} at least once. */
    @Override
    public String name() {
        return guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) ? ResultTable.KAFKA_STREAMS
                : ResultTable.KAFKA_STREAMS_ALOS;
    }

    @Override
    public String settings() {
        boolean eos = guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2);
        return "Kafka Streams " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + ", processing.guarantee=" + guarantee + ", every other setting at its Kafka Streams default"
                + " (num.stream.threads=1, commit.interval.ms=" + (eos ? "100 under EOS" : "30000 at least once")
                + (kind == WorkloadKind.COUNT ? ", RocksDB store, statestore.cache.max.bytes=10 MiB" : "")
                + "); fresh state.dir per run";
    }

    @Override
    public Running start(RunSpec spec) throws IOException {
        Path stateDir = Files.createTempDirectory("eos-bench-streams-");
        Properties props = properties("bench-" + spec.runId(), spec.bootstrapServers(), stateDir);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        KafkaStreams streams = new KafkaStreams(topology(kind, spec.inputTopic(), spec.outputTopic()), props);
        RunningStreams running = new RunningStreams(streams, stateDir);
        streams.setUncaughtExceptionHandler(error -> {
            running.failure.compareAndSet(null, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return running;
    }

    /** The topology of {@code kind}, from {@code input} to {@code output}. */
    static Topology topology(WorkloadKind kind, String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, String> stream = builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()));
        if (kind == WorkloadKind.COPY) {
            stream.selectKey((key, value) -> Workload.newKey(value))
                    .mapValues(Workload::newValue)
                    .to(output, Produced.with(Serdes.String(), Serdes.String()));
        } else if (kind == WorkloadKind.REKEY) {
            stream.selectKey((key, value) -> Workload.newKey(value))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.String()))
                    .mapValues(Workload::newValue)
                    .to(output, Produced.with(Serdes.String(), Serdes.String()));
        } else {
            stream.groupByKey(Grouped.with(Serdes.String(), Serdes.String()))
                    .count(Materialized.as(WorkloadKind.COUNT_STORE))
                    .toStream()
                    .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        }
        return builder.build();
    }

    /** Exactly-once v2 and a state directory; everything else Kafka Streams' default. */
    static Properties properties(String applicationId, String bootstrapServers, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }

    private static final class RunningStreams implements Running {
        private final KafkaStreams streams;
        private final Path stateDir;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        RunningStreams(KafkaStreams streams, Path stateDir) {
            this.streams = streams;
            this.stateDir = stateDir;
        }

        @Override
        public Optional<Throwable> failure() {
            if (failure.get() == null && streams.state() == KafkaStreams.State.ERROR) {
                failure.compareAndSet(null, new IllegalStateException("Kafka Streams is in state ERROR"));
            }
            return Optional.ofNullable(failure.get());
        }

        @Override
        public boolean awaitRunning(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (streams.state() != KafkaStreams.State.RUNNING) {
                if (System.nanoTime() > deadline || failure().isPresent()) {
                    return false;
                }
                Thread.sleep(20);
            }
            return true;
        }

        @Override
        public void close() {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            Directories.deleteRecursively(stateDir);
        }
    }
}
