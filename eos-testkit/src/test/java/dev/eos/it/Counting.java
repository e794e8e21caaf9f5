package dev.eos.it;

import dev.eos.AppState;
import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.Grouped;
import dev.eos.dsl.Materialized;
import dev.eos.dsl.Pipeline;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.testkit.kafka.EmbeddedKafkaCluster;
import dev.eos.testkit.verify.CommittedReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The in-process counting app of the exactly-once edge tests: {@code groupByKey().count()} into
 * the store {@value #STORE}, every new count written to the output under its key; and the check
 * that the committed counts of every key are exactly {@code 1..n} ({@link CountOutput}).
 *
 * <pre>{@code
 * EosConfig config = Counting.config(kafka, appId, "instance-a", stateDir).build();
 * try (EosApp app = EosApp.create(Counting.pipeline(in, out, key -> { }), config)) { ... }
 * assertThat(Counting.problems(kafka, out, input)).isEmpty();
 * }</pre>
 */
final class Counting {
    static final String STORE = "counts";
    private static final Serde<String> STRINGS = Serdes.String();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private Counting() {
    }

    /** The count pipeline; {@code beforeCount} sees every key first (to stall or throttle). */
    static Pipeline pipeline(String in, String out, Consumer<String> beforeCount) {
        return pipeline(in, out, beforeCount, Materialized.as(STORE));
    }

    /** The count pipeline with its store in memory: a closed task keeps nothing of it. */
    static Pipeline inMemoryPipeline(String in, String out) {
        return pipeline(in, out, key -> { }, Materialized.<String, Long>as(STORE).inMemory());
    }

    private static Pipeline pipeline(String in, String out, Consumer<String> beforeCount,
                                     Materialized<String, Long> store) {
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream(in, Consumed.with(STRINGS, STRINGS))
                .peek((key, value) -> beforeCount.accept(key))
                .groupByKey(Grouped.with(STRINGS, STRINGS))
                .count(store)
                .toStream()
                .to(out, Produced.with(STRINGS, Serdes.Long()));
        return builder.build();
    }

    /** The changelog topic of the count store of {@code applicationId}. */
    static String changelog(String applicationId) {
        return applicationId + "-" + STORE + "-changelog";
    }

    /**
     * A config with a stable instance id and its own state.dir; a member that stops polling or
     * heartbeating is noticed within a few seconds.
     */
    static EosConfig.Builder config(EmbeddedKafkaCluster kafka, String applicationId, String instanceId,
                                    Path stateDir) {
        return KafkaIo.eosConfig(kafka, applicationId)
                .set(EosConfig.INSTANCE_ID, instanceId)
                .set(EosConfig.STATE_DIR, stateDir.toString())
                .set("consumer.session.timeout.ms", 6000)
                .set("consumer.heartbeat.interval.ms", 1000);
    }

    /**
     * Waits until group {@code applicationId} committed the end of every partition of {@code in};
     * fails at once if one of {@code apps} stopped (ERROR or CLOSED).
     */
    static void awaitAllConsumed(EmbeddedKafkaCluster kafka, String applicationId, String in, Duration timeout,
                                 EosApp... apps) throws InterruptedException {
        KafkaIo.awaitAllConsumed(kafka, applicationId, in, timeout, () -> failIfDead(apps));
    }

    static void failIfDead(EosApp... apps) {
        for (EosApp app : apps) {
            if (app.state() == AppState.ERROR || app.state() == AppState.CLOSED) {
                throw new AssertionError("An app stopped in state " + app.state() + " with fatal error "
                        + app.fatalError(), app.fatalError());
            }
        }
    }

    /**
     * Everything committed in {@code topic}, read with read_committed up to the last stable offset
     * of every partition (no open transaction may be left when it is called).
     */
    static List<ConsumerRecord<byte[], byte[]>> readAllCommitted(EmbeddedKafkaCluster kafka, String topic) {
        return CommittedReader.readAll(kafka.clientConfig(), topic, n -> true, READ_TIMEOUT);
    }

    /**
     * What is wrong with the committed counts in {@code out} measured against {@code input} (at
     * most 20 keys listed): per key they must be exactly {@code 1..n}, {@code n} its records in
     * the input. Empty when exact.
     */
    static List<String> problems(EmbeddedKafkaCluster kafka, String out, List<ProducerRecord<byte[], byte[]>> input) {
        Map<String, List<Long>> updates = CountOutput.updatesByKey(readAllCommitted(kafka, out));
        return CountOutput.problems(CountOutput.oracle(input), updates, 20);
    }
}
