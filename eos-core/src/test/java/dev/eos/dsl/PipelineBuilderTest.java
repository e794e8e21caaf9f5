package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.errors.EosException;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class PipelineBuilderTest {
    private static final Serde<String> S = Serdes.String();

    @Test
    void shouldDescribeSourcesProcessorsAndSinksInOrder() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(S, S).withName("orders"))
                .filter((k, v) -> true)
                .to("out", Produced.with(S, S).withName("paid"));
        Pipeline p = b.build();
        assertThat(p.sourceTopics()).containsExactly("in");
        assertThat(p.sinkTopics()).containsExactly("out");
        assertThat(p.describe()).contains("Source orders (topics: in) --> FILTER-0000000")
                .contains("Processor FILTER-0000000 --> paid")
                .contains("Sink paid (topic: out)");
    }

    @Test
    void shouldListOnlyNamedSinkTopics() {
        PipelineBuilder b = new PipelineBuilder();
        EventStream<String, String> s = b.stream(List.of("a", "b"), Consumed.with(S, S));
        s.to(r -> "dyn", Produced.with(S, S));
        s.to("fixed", Produced.with(S, S));
        Pipeline p = b.build();
        assertThat(p.sourceTopics()).containsExactly("a", "b");
        assertThat(p.sinkTopics()).containsExactly("fixed");
    }

    @Test
    void shouldRejectReadingOneTopicTwice() {
        PipelineBuilder b = new PipelineBuilder();
        b.stream("in", Consumed.with(S, S));
        assertThatThrownBy(() -> b.stream("in", Consumed.with(S, S)))
                .isInstanceOf(EosException.class).hasMessageContaining("Topic 'in' is read by two sources");
    }

    @Test
    void shouldRejectDuplicateNodeNames() {
        PipelineBuilder b = new PipelineBuilder();
        EventStream<String, String> s = b.stream("in", Consumed.with(S, S).withName("x"));
        assertThatThrownBy(() -> s.to("out", Produced.with(S, S).withName("x")))
                .hasMessageContaining("Two nodes of the pipeline are named 'x'");
    }

    @Test
    void shouldRejectAPipelineWithoutSource() {
        assertThatThrownBy(() -> new PipelineBuilder().build()).hasMessageContaining("no source");
    }

    @Test
    void shouldRejectDuplicateBranchNamesAndMergingAcrossBuilders() {
        PipelineBuilder b = new PipelineBuilder();
        EventStream<String, String> s = b.stream("in", Consumed.with(S, S));
        assertThatThrownBy(() -> s.split().branch("x", (k, v) -> true).branch("x", (k, v) -> true))
                .hasMessageContaining("'x' is used twice");
        EventStream<String, String> other = new PipelineBuilder().stream("in2", Consumed.with(S, S));
        assertThatThrownBy(() -> s.merge(other)).hasMessageContaining("same PipelineBuilder");
        assertThatThrownBy(() -> s.merge(s)).hasMessageContaining("with itself");
    }
}
