package dev.eos.examples.rekey;

import dev.eos.AppMetrics;
import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.errors.DeadLetterHeaders;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import dev.eos.testkit.verify.ExactlyOnceVerifier;
import dev.eos.testkit.verify.VerificationReport;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Rekeys a topic of JSON events exactly once: reads {@code --source}, takes the new key from
 * {@code --key-field} (several fields make a compound key {@code "u17:s3"}), and writes each
 * event unchanged to {@code --target}, placed by {@code --partitioner}. Events keyed by country
 * become events keyed by user, and a few hot countries stop being a few hot partitions.
 *
 * <p>Run it with {@code mvn -B -q -Prekey -DskipTests -pl eos-examples -am package}, options in
 * {@code -Drekey.args="..."} (see {@link RekeyOptions#usage()} and docs/how-to/rekey.md).
 *
 * <p>After the run it reads source and target as a {@code read_committed} consumer and prints
 * records per partition of both (the skew before and after), then checks that every source
 * event is in the target exactly once, that every user (whatever the partitioner hashes) is in
 * one partition in source order, and that the bad records went to the dead-letter topic.
 * The check assumes nothing else writes to the source or the target during the run.
 */
public final class RekeyJob {
    static final int SOURCE_PARTITIONS = 6;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private RekeyJob() {
    }

    /** The whole job: the key of every event becomes the named field(s) of its JSON value. */
    static PipelineBuilder pipeline(RekeyOptions options, EventKeys keys) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(options.source(), Consumed.with(Serdes.String(), Serdes.String()))
                .selectKey((country, json) -> keys.keyOf(json))
                .to(options.target(), Produced.with(Serdes.String(), Serdes.String())
                        .withPartitioner(options.partitioner().create(keys)));
        return builder;
    }

    public static void main(String[] args) throws Exception {
        RekeyOptions options;
        try {
            options = RekeyOptions.parse(args);
        } catch (RekeyOptions.HelpRequested help) {
            System.out.println(help.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        EmbeddedKafkaCluster embedded = null;
        String bootstrap = options.bootstrapServers();
        if (bootstrap == null) {
            System.out.println("Starting an embedded Kafka broker (KRaft, in-process, loopback)...");
            embedded = EmbeddedKafkaCluster.start();
            bootstrap = embedded.bootstrapServers();
        }
        boolean ok;
        try {
            ok = run(bootstrap, options, System.out).ok();
        } catch (IllegalStateException e) {
            System.err.println("FAILED: " + e.getMessage());
            ok = false;
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
        System.exit(ok ? 0 : 1);
    }

    static RekeyResult run(String bootstrap, RekeyOptions options, PrintStream out) throws Exception {
        EventKeys keys = new EventKeys(options.keyFields());
        String deadLetters = options.target() + "-dead-letters";
        Map<String, Object> client = Map.of("bootstrap.servers", bootstrap);
        int sourcePartitions;
        Map<Integer, Long> targetStart;
        Map<Integer, Long> deadLetterStart;
        try (Topics topics = new Topics(bootstrap)) {
            topics.requireTarget(options.target(), options.partitions());
            if (usesDeadLetters(options)) {
                topics.createIfMissing(deadLetters, 1);
            }
            if (options.records() > 0) {
                sourcePartitions = topics.createIfMissing(options.source(), SOURCE_PARTITIONS);
                out.printf("Generating %,d JSON events keyed by country (%,d users, a few hot countries) into %s...%n",
                        options.records(), EventGenerator.users(options.records()), options.source());
                EventGenerator.generate(bootstrap, options.source(), options.records());
            } else {
                sourcePartitions = topics.partitions(options.source()).orElseThrow(() -> new IllegalStateException(
                        "Source topic '" + options.source() + "' does not exist at " + bootstrap
                                + "; create it, or pass --records N to generate N events into it"));
            }
            targetStart = topics.endOffsets(options.target(), options.partitions());
            deadLetterStart = usesDeadLetters(options) ? topics.endOffsets(deadLetters, 1) : null;
        }
        List<ConsumerRecord<byte[], byte[]>> source = CommittedReader.readAll(client, options.source(), n -> true, READ_TIMEOUT);
        PartitionCounts sourceCounts = PartitionCounts.of(options.source(), sourcePartitions, source);
        List<Map.Entry<String, String>> expected = new ArrayList<>(source.size());
        long bad = 0;
        for (ConsumerRecord<byte[], byte[]> r : source) {
            try {
                expected.add(Map.entry(keys.keyOf(text(r.value())), text(r.value())));
            } catch (IllegalArgumentException e) {
                bad++;
            }
        }
        out.printf("Rekeying %s -> %s: key %s, %d partitions, partitioner %s, on error %s%n", options.source(),
                options.target(), String.join(EventKeys.SEPARATOR, keys.fields()), options.partitions(),
                options.partitioner(), options.onError());

        if (!process(bootstrap, options, keys, deadLetters, source.size(), out)) {
            return failed(sourceCounts, options, source.size(), bad);
        }

        out.println("Reading " + options.target() + " as a read_committed consumer to verify...");
        List<ConsumerRecord<byte[], byte[]>> target = since(targetStart, CommittedReader.readAll(client, options.target(),
                n -> n >= expected.size(), READ_TIMEOUT));
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetterStart == null ? List.of()
                : since(deadLetterStart, CommittedReader.readAll(client, deadLetters, n -> true, READ_TIMEOUT));
        List<Map.Entry<String, String>> actual = new ArrayList<>(target.size());
        for (ConsumerRecord<byte[], byte[]> r : target) {
            actual.add(Map.entry(text(r.key()), text(r.value())));
        }
        VerificationReport verification = ExactlyOnceVerifier.verify(source.size(), expected, actual);
        PlacementCheck placement = PlacementCheck.of(source, target, keys, options.partitioner());
        RekeyResult result = new RekeyResult(sourceCounts, PartitionCounts.of(options.target(), options.partitions(), target),
                verification, placement, bad, dead.size(), usesDeadLetters(options));
        printDeadLetters(dead, deadLetters, out);
        report(result, keys, options, deadLetters, out);
        return result;
    }

    /** Runs the pipeline until every source record's offset is committed; false if the app failed. */
    private static boolean process(String bootstrap, RekeyOptions options, EventKeys keys, String deadLetters,
                                   int total, PrintStream out) throws InterruptedException {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        EosConfig config = EosConfig.builder()
                .applicationId("eos-rekey-" + options.target() + "-" + runId)
                .bootstrapServers(bootstrap)
                .set(EosConfig.INSTANCE_ID, "rekey-instance")
                .set(EosConfig.PROCESSING_ERROR_HANDLER, options.onError())
                .set(EosConfig.DEAD_LETTER_TOPIC, deadLetters)
                .build();
        try (EosApp app = EosApp.create(pipeline(options, keys).build(), config)) {
            app.start();
            long started = System.nanoTime();
            long lastPrint = 0;
            while (app.metrics().recordsCommitted() < total) {
                if (app.state() == AppState.ERROR) {
                    out.println("FAILED: the job stopped: " + app.fatalError());
                    return false;
                }
                long now = System.nanoTime();
                if (now - lastPrint > TimeUnit.SECONDS.toNanos(1)) {
                    progress(app.metrics(), total, now - started, out);
                    lastPrint = now;
                }
                Thread.sleep(50);
            }
            progress(app.metrics(), total, System.nanoTime() - started, out);
        }
        return true;
    }

    private static void report(RekeyResult result, EventKeys keys, RekeyOptions options, String deadLetters,
                               PrintStream out) {
        result.source().print(out, "Source");
        result.target().print(out, "Target");
        PlacementCheck placement = result.placement();
        String unit = options.partitioner().unitName(keys);
        out.printf("%s: each of %,d %s values in one target partition, in source order (%d spread, %d out of order)%n",
                placement.ok() ? "PLACEMENT OK" : "PLACEMENT FAILED", placement.units(), unit, placement.spread(),
                placement.outOfOrder());
        placement.problems().forEach(p -> out.println("  " + p));
        result.verification().problems().forEach(p -> out.println("  " + p));
        out.println(result.verificationLine(deadLetters));
    }

    private static void printDeadLetters(List<ConsumerRecord<byte[], byte[]>> dead, String topic, PrintStream out) {
        int shown = Math.min(dead.size(), 5);
        for (ConsumerRecord<byte[], byte[]> r : dead.subList(0, shown)) {
            out.printf("Dead letter in %s: %s-%s@%s failed: %s%n", topic, header(r, DeadLetterHeaders.TOPIC),
                    header(r, DeadLetterHeaders.PARTITION), header(r, DeadLetterHeaders.OFFSET),
                    header(r, DeadLetterHeaders.EXCEPTION_MESSAGE));
        }
        if (dead.size() > shown) {
            out.printf("... and %,d more dead letters in %s%n", dead.size() - shown, topic);
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String key) {
        Header h = record.headers().lastHeader(key);
        return h == null ? null : text(h.value());
    }

    private static RekeyResult failed(PartitionCounts source, RekeyOptions options, long in, long bad) {
        VerificationReport none = new VerificationReport(in, in - bad, 0, 0, in - bad, 0, 0, List.of("the job failed"));
        return new RekeyResult(source, new PartitionCounts(options.target(), new long[options.partitions()]), none,
                new PlacementCheck(0, 0, 0, List.of()), bad, 0, usesDeadLetters(options));
    }

    private static boolean usesDeadLetters(RekeyOptions options) {
        return options.onError().equals("dead_letter");
    }

    /** The records written after {@code start} (the end offsets before this run). */
    private static List<ConsumerRecord<byte[], byte[]>> since(Map<Integer, Long> start,
                                                              List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.offset() >= start.getOrDefault(r.partition(), 0L)) {
                out.add(r);
            }
        }
        return out;
    }

    private static void progress(AppMetrics m, int total, long elapsedNanos, PrintStream out) {
        double seconds = elapsedNanos / 1e9;
        out.printf("  %,d / %,d source records committed (%.0f%%) in %,d transactions, %.1f s, %,.0f records/s%n",
                m.recordsCommitted(), total, 100.0 * m.recordsCommitted() / Math.max(total, 1),
                m.transactionsCommitted(), seconds, m.recordsCommitted() / Math.max(seconds, 0.001));
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
