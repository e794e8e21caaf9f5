package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eos.EosApp;
import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.EventStream;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.errors.ConfigException;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.ProcessorNode;
import dev.eos.internal.state.TaskStores;
import dev.eos.processor.Processor;
import dev.eos.processor.ProcessorContext;
import dev.eos.processor.PunctuationType;
import dev.eos.processor.Record;
import dev.eos.sink.ExternalSinkFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, hole 6: an external sink that keeps its source offsets in the external system commits
 * them before Kafka does. Dead letters and punctuator output have no place in its transaction, so
 * a dead-letter handler is refused at {@code EosApp.create} and {@code schedule(...)} at the call.
 */
class OffsetOwningSinkRefusalsTest {
    private static final Serde<String> STRINGS = Serdes.String();

    private static ExternalSinkFactory<String, String> sink(boolean ownsOffsets) {
        return new ExternalSinkFactory<>() {
            @Override
            public dev.eos.sink.ExternalSink<String, String> create() {
                return (records, nextOffsets) -> { };
            }

            @Override
            public boolean ownsOffsets() {
                return ownsOffsets;
            }
        };
    }

    private static LogicalPlan plan(Consumer<EventStream<String, String>> body) {
        PipelineBuilder b = new PipelineBuilder();
        body.accept(b.stream("in", Consumed.with(STRINGS, STRINGS)));
        return ((LogicalPlan) b.build()).resolve("app");
    }

    private static EosConfig.Builder config() {
        return EosConfig.builder().applicationId("app").bootstrapServers("localhost:9092");
    }

    /** Schedules a punctuator of the given type in init(), or on the first record when {@code inInit} is false. */
    private static Processor<String, String, String, String> scheduling(PunctuationType type, boolean inInit) {
        return new Processor<>() {
            private ProcessorContext<String, String> context;

            @Override
            public void init(ProcessorContext<String, String> context) {
                this.context = context;
                if (inInit) {
                    context.schedule(Duration.ofSeconds(1), type, t -> { });
                }
            }

            @Override
            public void process(Record<String, String> record) {
                if (!inInit) {
                    context.schedule(Duration.ofSeconds(1), type, t -> { });
                }
                context.forward(record);
            }
        };
    }

    private static String processorName(LogicalPlan plan) {
        return plan.nodes().stream().filter(n -> n instanceof ProcessorNode).findFirst().orElseThrow().name();
    }

    private static Task task(LogicalPlan plan) {
        return new Task(new TaskId(0, 0), plan, "app", new NoSends(), new ExternalSinks("t", plan),
                timestamps -> TaskStores.none());
    }

    private static ConsumerRecord<byte[], byte[]> input() {
        return new ConsumerRecord<>("in", 0, 0, 1L, TimestampType.CREATE_TIME, -1, -1,
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), new RecordHeaders(),
                Optional.empty());
    }

    @Test
    void create_shouldRefuseADeadLetterDeserializationHandlerWithAnOffsetOwningSink() {
        LogicalPlan plan = plan(s -> s.sinkTo(sink(true)));
        EosConfig c = config().set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter").build();

        Throwable e = catchThrowable(() -> EosApp.create(plan, c));

        assertThat(e).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("deserialization.error.handler=dead_letter cannot be used with the external sink")
                .hasMessageContaining(plan.offsetOwningSinks().get(0))
                .hasMessageContaining("Fix: set deserialization.error.handler to fail or log_and_continue");
        assertThat(((ConfigException) e).key()).isEqualTo(EosConfig.DESERIALIZATION_ERROR_HANDLER);
    }

    @Test
    void create_shouldRefuseADeadLetterProcessingHandlerWithAnOffsetOwningSink() {
        LogicalPlan plan = plan(s -> s.mapValues(String::trim).sinkTo(sink(true)));

        assertThatThrownBy(() -> StartupChecks.refuseDeadLettersWithOffsetOwningSinks(plan,
                config().set(EosConfig.PROCESSING_ERROR_HANDLER, "dead_letter").build()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("processing.error.handler=dead_letter cannot be used")
                .hasMessageContaining("Fix: set processing.error.handler to fail or skip");
    }

    @Test
    void create_shouldAcceptDeadLettersWithAnIdempotentSinkAndOtherHandlersWithAnOffsetOwningSink() {
        StartupChecks.refuseDeadLettersWithOffsetOwningSinks(plan(s -> s.sinkTo(sink(false))),
                config().set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "dead_letter")
                        .set(EosConfig.PROCESSING_ERROR_HANDLER, "dead_letter").build());
        StartupChecks.refuseDeadLettersWithOffsetOwningSinks(plan(s -> s.sinkTo(sink(true))),
                config().set(EosConfig.DESERIALIZATION_ERROR_HANDLER, "log_and_continue")
                        .set(EosConfig.PROCESSING_ERROR_HANDLER, "skip").build());
    }

    @Test
    void schedule_shouldFailInInitOfAProcessorWhosePartOfThePipelineHasAnOffsetOwningSink() {
        for (PunctuationType type : PunctuationType.values()) {
            LogicalPlan plan = plan(s -> s.process(() -> scheduling(type, true)).sinkTo(sink(true)));

            Throwable e = catchThrowable(() -> task(plan));

            assertThat(e).as(type.toString()).isInstanceOf(PunctuationRefusedException.class)
                    .hasMessageStartingWith("Processor " + processorName(plan) + " calls ProcessorContext.schedule(...)")
                    .hasMessageContaining("external sink " + plan.offsetOwningSinks().get(0))
                    .hasMessageContaining("Fix: punctuate in a separate pipeline");
        }
    }

    @Test
    void schedule_shouldFailWhenCalledWhileProcessingAndNoErrorHandlerMaySkipIt() {
        LogicalPlan plan = plan(s -> s.process(() -> scheduling(PunctuationType.WALL_CLOCK_TIME, false))
                .sinkTo(sink(true)));
        Task task = task(plan);

        Throwable e = catchThrowable(() -> task.process(input()));

        assertThat(e).as("not a ProcessingFailure, which a skip handler would skip")
                .isInstanceOf(PunctuationRefusedException.class);
        assertThat(ErrorClassifier.classify(e)).isEqualTo(ErrorConsequence.FATAL);
    }

    @Test
    void schedule_shouldWorkWithAnIdempotentSinkAndInAPartWithoutTheOffsetOwningSink() {
        task(plan(s -> s.process(() -> scheduling(PunctuationType.STREAM_TIME, true)).sinkTo(sink(false))));
        // The punctuating processor is before a repartition: a different part of the pipeline (task 0 of
        // sub-topology 0) than the offset-owning sink.
        LogicalPlan split = plan(s -> s.process(() -> scheduling(PunctuationType.STREAM_TIME, true))
                .repartition(dev.eos.dsl.Repartitioned.with(STRINGS, STRINGS)).sinkTo(sink(true)));
        assertThat(split.subtopologies()).hasSize(2);
        new Task(new TaskId(0, 0), split, "app", new NoSends(), new ExternalSinks("t", split),
                timestamps -> TaskStores.none());
    }

    private static final class NoSends implements RecordSender {
        @Override
        public java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata> send(
                org.apache.kafka.clients.producer.ProducerRecord<byte[], byte[]> record) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public int partitionCount(String topic) {
            return 1;
        }
    }
}
