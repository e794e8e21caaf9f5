package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.KeyValue;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.Record;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class TaskTest {
    private static final Serde<String> STRINGS = Serdes.String();

    private static final class CapturingSender implements RecordSender {
        final List<ProducerRecord<byte[], byte[]>> sent = new ArrayList<>();

        @Override
        public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                ProducerRecord<byte[], byte[]> record) {
            sent.add(record);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public int partitionCount(String topic) {
            return 4;
        }

        List<String> rendered() {
            List<String> out = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : sent) {
                out.add(r.topic() + ":" + str(r.key()) + "=" + str(r.value()));
            }
            return out;
        }
    }

    private static String str(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private final CapturingSender sender = new CapturingSender();

    private Task task(Consumer<EventStream<String, String>> pipeline) {
        PipelineBuilder b = new PipelineBuilder();
        pipeline.accept(b.stream("in", Consumed.with(STRINGS, STRINGS)));
        return new Task(new TaskId(0, 0), (LogicalPlan) b.build(), "app", sender, null, timestamps -> dev.eos.internal.state.TaskStores.none());
    }

    private static ConsumerRecord<byte[], byte[]> input(String key, String value) {
        return input(key, value.getBytes(StandardCharsets.UTF_8), 7L);
    }

    private static ConsumerRecord<byte[], byte[]> input(String key, byte[] value, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        return new ConsumerRecord<>("in", 0, offset, 1234L, TimestampType.CREATE_TIME, -1, -1,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
    }

    @Test
    void shouldApplyStatelessOperatorsInOrder() {
        Task t = task(s -> s.filter((k, v) -> !v.isEmpty())
                .filterNot((k, v) -> v.startsWith("skip"))
                .mapValues(String::toUpperCase)
                .selectKey((k, v) -> v.substring(0, 1))
                .map((k, v) -> KeyValue.of(k + "!", v + "?"))
                .flatMapValues(v -> List.of(v, v))
                .to("out", Produced.with(STRINGS, STRINGS)));
        t.process(input("k", "abc"));
        t.process(input("k", ""));
        t.process(input("k", "skip-me"));
        assertThat(sender.rendered()).containsExactly("out:A!=ABC?", "out:A!=ABC?");
    }

    @Test
    void shouldKeepTimestampAndHeadersEndToEnd() {
        Task t = task(s -> s.mapValues(v -> v + "1").to("out", Produced.with(STRINGS, STRINGS)));
        t.process(input("k", "v"));
        ProducerRecord<byte[], byte[]> out = sender.sent.get(0);
        assertThat(out.timestamp()).isEqualTo(1234L);
        assertThat(str(out.headers().lastHeader("trace").value())).isEqualTo("t-1");
    }

    @Test
    void shouldLeaveDefaultPlacementToTheProducerSoKeysLandWhereAnyKafkaProducerPutsThem() {
        Task t = task(s -> s.to("out", Produced.with(STRINGS, STRINGS)));
        t.process(input("k", "v"));
        assertThat(sender.sent.get(0).partition()).isNull();
    }

    @Test
    void shouldRouteEachRecordToTheFirstMatchingBranchAndMergeStreams() {
        Task t = task(s -> {
            Map<String, EventStream<String, String>> b = s.split()
                    .branch("a", (k, v) -> v.startsWith("a"))
                    .branch("ab", (k, v) -> v.startsWith("ab"))
                    .defaultBranch("rest");
            b.get("a").to("out-a", Produced.with(STRINGS, STRINGS));
            b.get("ab").to("out-ab", Produced.with(STRINGS, STRINGS));
            b.get("rest").merge(b.get("a")).to("merged", Produced.with(STRINGS, STRINGS));
        });
        t.process(input("1", "abc"));
        t.process(input("2", "zzz"));
        assertThat(sender.rendered()).containsExactly("out-a:1=abc", "merged:1=abc", "merged:2=zzz");
    }

    @Test
    void shouldHonourACustomPartitionerAndRejectOutOfRangePartitions() {
        Task ok = task(s -> s.to("out", Produced.with(STRINGS, STRINGS).withPartitioner((topic, k, v, n) -> n - 1)));
        ok.process(input("k", "v"));
        assertThat(sender.sent.get(0).partition()).isEqualTo(3);

        Task bad = task(s -> s.to("out", Produced.with(STRINGS, STRINGS).withPartitioner((topic, k, v, n) -> n)));
        assertThatThrownBy(() -> bad.process(input("k", "v")))
                .isInstanceOf(ProcessingFailure.class)
                .hasMessageContaining("returned partition 4")
                .hasMessageContaining("has 4 partitions");
    }

    @Test
    void shouldChooseTopicPerRecordWithAnExtractor() {
        Task t = task(s -> s.to(r -> "out-" + r.key(), Produced.with(STRINGS, STRINGS)));
        t.process(input("x", "v"));
        assertThat(sender.rendered()).containsExactly("out-x:x=v");
    }

    @Test
    void shouldWrapUserExceptionsWithTheNodeThatThrew() {
        Task t = task(s -> s.<String>mapValues(v -> {
            throw new IllegalStateException("boom");
        }).to("out", Produced.with(STRINGS, STRINGS)));
        assertThatThrownBy(() -> t.process(input("k", "v")))
                .isInstanceOf(ProcessingFailure.class)
                .hasMessageContaining("MAP-VALUES")
                .hasRootCauseMessage("boom");
    }

    @Test
    void shouldReportDeserializationFailuresSeparatelyFromProcessingFailures() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(STRINGS, Serdes.Integer())).to("out", Produced.with(STRINGS, Serdes.Integer()));
        Task t = new Task(new TaskId(0, 0), (LogicalPlan) b.build(), "app", sender, null, timestamps -> dev.eos.internal.state.TaskStores.none());
        assertThatThrownBy(() -> t.process(input("k", new byte[] {1, 2, 3}, 9)))
                .isInstanceOf(DeserializationFailure.class)
                .hasMessageContaining("value");
        assertThat(sender.sent).isEmpty();
    }

    @Test
    void shouldGiveProcessorsTheSourceCoordinatesAndForwardToNamedChildren() {
        List<String> seen = new ArrayList<>();
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(STRINGS, STRINGS)).process(() -> new Processor<String, String, String, String>() {
            private ProcessorContext<String, String> ctx;

            @Override
            public void init(ProcessorContext<String, String> context) {
                ctx = context;
            }

            @Override
            public void process(Record<String, String> record) {
                seen.add(ctx.recordMetadata().orElseThrow() + " task " + ctx.taskPartition() + " app " + ctx.applicationId());
                ctx.forward(record.withValue(record.value() + "!"));
            }
        }).to("out", Produced.with(STRINGS, STRINGS));
        Task t = new Task(new TaskId(0, 2), (LogicalPlan) b.build(), "app", sender, null, timestamps -> dev.eos.internal.state.TaskStores.none());
        t.process(input("k", "v"));
        assertThat(seen).containsExactly("in-0@7 task 2 app app");
        assertThat(sender.rendered()).containsExactly("out:k=v!");
    }

    @Test
    void shouldFailARecordWhoseExtractorNamesAMissingTopicWithAClearError() {
        RecordSender noSuchTopic = new RecordSender() {
            @Override
            public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                    ProducerRecord<byte[], byte[]> record) {
                throw new AssertionError("must not send");
            }

            @Override
            public int partitionCount(String topic) {
                throw new SendFailure(new org.apache.kafka.common.errors.TimeoutException("no metadata"));
            }
        };
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(STRINGS, STRINGS)).to(r -> "missing-" + r.key(), Produced.with(STRINGS, STRINGS));
        Task t = new Task(new TaskId(0, 0), (LogicalPlan) b.build(), "app", noSuchTopic, null, timestamps -> dev.eos.internal.state.TaskStores.none());
        assertThatThrownBy(() -> t.process(input("x", "v")))
                .isInstanceOf(ProcessingFailure.class)
                .hasMessageContaining("Topic 'missing-x' chosen by the topic extractor")
                .hasMessageContaining("does not exist");
    }
}
