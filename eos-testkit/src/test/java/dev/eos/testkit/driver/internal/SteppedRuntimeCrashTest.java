package dev.eos.testkit.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.runtime.ProcessingThread;
import dev.eos.internal.runtime.RuntimeCounters;
import dev.eos.spi.KafkaClientFactory;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runtime's processing loop driven one step at a time on the test thread, against the
 * in-memory cluster and a clock that only moves when the test moves it: a crash is simply a
 * thread that is never stepped again, and everything is deterministic.
 */
class SteppedRuntimeCrashTest {
    private static final int RECORDS = 300;
    private static final String APP = "stepped";

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private long millis = 1_000_000L;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }
    }

    private static final ProcessingThread.Observer IGNORE = new ProcessingThread.Observer() {
        @Override
        public void onRebalancing(ProcessingThread thread) {
        }

        @Override
        public void onRunning(ProcessingThread thread) {
        }

        @Override
        public void onDeath(ProcessingThread thread, Throwable error) {
            throw new AssertionError(thread + " died", error);
        }

        @Override
        public void onExit(ProcessingThread thread) {
        }
    };

    private final InMemoryKafka kafka = new InMemoryKafka();
    private final List<InMemoryConsumer> consumers = new ArrayList<>();
    private final ManualClock clock = new ManualClock();
    private final KafkaClientFactory clients = new KafkaClientFactory() {
        @Override
        public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
            InMemoryConsumer c = new InMemoryConsumer(kafka, config);
            consumers.add(c);
            return c;
        }

        @Override
        public Producer<byte[], byte[]> producer(Map<String, Object> config) {
            return new InMemoryProducer(kafka, config, clock::millis);
        }

        @Override
        public Admin admin(Map<String, Object> config) {
            return new InMemoryAdmin(kafka);
        }
    };
    private LogicalPlan plan;
    private EosConfig config;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void setUp() {
        kafka.createTopic("in", 2);
        kafka.createTopic("out", 2);
        for (int i = 0; i < RECORDS; i++) {
            kafka.append(new TopicPartition("in", i % 2), bytes("user-" + (i % 7)), bytes("event-" + i), List.of(), i);
        }
        PipelineBuilder builder = new PipelineBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .mapValues(v -> v.toUpperCase())
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        plan = (LogicalPlan) builder.build();
        config = EosConfig.builder().applicationId(APP).bootstrapServers("in-memory:0")
                .set(EosConfig.INSTANCE_ID, "pod-0").build();
    }

    private ProcessingThread thread(String name) {
        return new ProcessingThread(name, 0, config, plan, clients, clock, new RuntimeCounters(), IGNORE);
    }

    private List<String> output(IsolationLevel isolation) {
        List<String> out = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            for (LoggedRecord r : kafka.read(new TopicPartition("out", p), 0, 100_000, isolation).records()) {
                out.add(new String(r.value(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Test
    void shouldNotDuplicateOutputWhenCrashedBeforeCommitAndRestartedWithTheSameInstanceId() {
        ProcessingThread first = thread("first");
        first.open();
        first.step(); // joins, gets both partitions, processes every record; the interval has not passed
        assertThat(output(IsolationLevel.READ_UNCOMMITTED)).hasSize(RECORDS);
        assertThat(output(IsolationLevel.READ_COMMITTED)).isEmpty();

        // Crash: the first thread is never stepped again; its session times out.
        kafka.leaveGroup(APP, consumers.get(0).groupMetadata().memberId());

        ProcessingThread second = thread("second");
        second.open(); // same transactional id: fences the first producer and aborts its transaction
        second.step(); // processes everything again
        second.step(); // the input is drained: commits
        second.shutDown();

        List<String> committed = output(IsolationLevel.READ_COMMITTED);
        assertThat(committed).hasSize(RECORDS).doesNotHaveDuplicates().allMatch(v -> v.startsWith("EVENT-"));
        assertThat(output(IsolationLevel.READ_UNCOMMITTED)).as("the crashed attempt's output, aborted, plus the retry")
                .hasSize(2 * RECORDS);
        assertThat(kafka.committedOffsets(APP).values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(RECORDS / 2));
    }

    @Test
    void shouldCommitOnTheIntervalWhileInputKeepsComing() {
        ProcessingThread only = thread("only");
        only.open();
        only.step();
        assertThat(output(IsolationLevel.READ_COMMITTED)).isEmpty();
        clock.millis += 100;
        kafka.append(new TopicPartition("in", 0), bytes("user-x"), bytes("late"), List.of(), 0);
        only.step(); // processes the late record, then the interval has passed: commits
        assertThat(output(IsolationLevel.READ_COMMITTED)).hasSize(RECORDS + 1);
        only.shutDown();
    }
}
