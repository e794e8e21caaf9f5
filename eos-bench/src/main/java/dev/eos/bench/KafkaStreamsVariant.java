package dev.eos.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * Kafka Streams with {@code processing.guarantee=exactly_once_v2} and every other setting at
 * its default, the way its users get it. {@code selectKey} followed directly by {@code to}
 * writes to the output topic without a repartition topic.
 */
final class KafkaStreamsVariant implements Variant {

    @Override
    public String name() {
        return ResultTable.KAFKA_STREAMS;
    }

    @Override
    public String settings() {
        return "Kafka Streams " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + ", processing.guarantee=exactly_once_v2, every other setting at its Kafka Streams default"
                + " (num.stream.threads=1, commit.interval.ms=100 under EOS); fresh state.dir per run";
    }

    @Override
    public Running start(RunSpec spec) throws IOException {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(spec.inputTopic(), Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((key, value) -> Workload.newKey(value))
                .mapValues(Workload::newValue)
                .to(spec.outputTopic(), Produced.with(Serdes.String(), Serdes.String()));
        Path stateDir = Files.createTempDirectory("eos-bench-streams-");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-kafka-streams-" + spec.runId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, spec.bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        KafkaStreams streams = new KafkaStreams(builder.build(), props);
        RunningStreams running = new RunningStreams(streams, stateDir);
        streams.setUncaughtExceptionHandler(error -> {
            running.failure.compareAndSet(null, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.start();
        return running;
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
        public void close() {
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            deleteRecursively(stateDir);
        }

        private static void deleteRecursively(Path dir) {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                    try {
                        Files.deleteIfExists(path);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete the Kafka Streams state dir " + dir, e);
            }
        }
    }
}
