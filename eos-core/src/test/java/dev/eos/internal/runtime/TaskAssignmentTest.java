package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eos.dsl.Consumed;
import dev.eos.dsl.PipelineBuilder;
import dev.eos.dsl.Produced;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.state.StoreEngines;
import dev.eos.internal.state.TaskStores;
import dev.eos.state.StoreEngine;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of {@link TaskAssignment} and {@link TaskStartup}: a partition is read only through a
 * running task, a stateful task runs only with all its input partitions, and a task that cannot
 * be created leaves nothing half done.
 */
class TaskAssignmentTest {
    private static final TopicPartition ORDERS_0 = new TopicPartition("orders", 0);
    private static final TopicPartition CUSTOMERS_0 = new TopicPartition("customers", 0);
    private static final TopicPartition ORDERS_1 = new TopicPartition("orders", 1);
    private static final TopicPartition CUSTOMERS_1 = new TopicPartition("customers", 1);

    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final RecordingHandler handler = new RecordingHandler();
    private final List<TaskId> created = new ArrayList<>();
    private final List<TaskId> closed = new ArrayList<>();
    private final StoreEngines engines = new StoreEngines(StoreEngine::inMemory, StoreEngine.inMemory());
    private TaskStartup startup;
    @TempDir
    Path stateDir;
    private int failCreationOf = -1;

    /** orders joined with the customers table: one stateful sub-topology reading both topics. */
    private TaskAssignment joinAssignment() {
        PipelineBuilder b = new PipelineBuilder();
        var customers = b.table("customers", Consumed.with(Serdes.String(), Serdes.String()));
        b.stream("orders", Consumed.with(Serdes.String(), Serdes.String()))
                .join(customers, (order, customer) -> order + "/" + customer)
                .to("enriched", Produced.with(Serdes.String(), Serdes.String()));
        LogicalPlan plan = ((LogicalPlan) b.build()).resolve("app");
        startup = new TaskStartup(new TaskStartup.Settings("t", Clock.systemUTC(), Duration.ofMinutes(2)), consumer,
                id -> {
                    if (id.partition() == failCreationOf) {
                        throw new IllegalStateException("init failed");
                    }
                    created.add(id);
                    NoSender sender = new NoSender();
                    return new Task(id, plan, "app", sender, null, timestamps -> TaskStores.open(
                            plan.storesOf(plan.subtopologies().get(id.subtopology())), "app", id.partition(),
                            stateDir.resolve(id.toString()), engines, sender::send, timestamps,
                            () -> closed.add(id)));
                }, null, new ExternalSinks("t", plan), new PartitionProgress());
        return new TaskAssignment("t", consumer, new TaskTopology(plan), startup, handler);
    }

    @Test
    void statefulTask_isNotCreatedUntilItsThreadOwnsEveryInputPartition() {
        TaskAssignment assignment = joinAssignment();
        assign(assignment, List.of(ORDERS_0));
        startup.advance(Duration.ZERO).forEach(assignment::started);

        assertThat(created).isEmpty();
        assertThat(consumer.paused()).containsExactly(ORDERS_0);

        assign(assignment, List.of(CUSTOMERS_0));
        assertThat(consumer.paused()).as("nothing is read before the task is prepared")
                .containsExactlyInAnyOrder(ORDERS_0, CUSTOMERS_0);
        startup.advance(Duration.ZERO).forEach(assignment::started);

        assertThat(created).containsExactly(new TaskId(0, 0));
        assertThat(assignment.runningPartitions()).containsExactlyInAnyOrder(ORDERS_0, CUSTOMERS_0);
        assertThat(consumer.paused()).isEmpty();
    }

    @Test
    void statefulTask_isClosedWhenOneOfItsPartitionsIsRevoked_andTheOthersStayPaused() {
        TaskAssignment assignment = joinAssignment();
        assign(assignment, List.of(ORDERS_0, CUSTOMERS_0));
        startup.advance(Duration.ZERO).forEach(assignment::started);
        assertThat(assignment.runningPartitions()).containsExactlyInAnyOrder(ORDERS_0, CUSTOMERS_0);

        revoke(assignment, List.of(CUSTOMERS_0));

        assertThat(handler.revocationCommits).as("the open transaction is committed before the task goes").isEqualTo(1);
        assertThat(closed).containsExactly(new TaskId(0, 0));
        assertThat(assignment.tasks()).isEmpty();
        assertThat(assignment.runningTask(ORDERS_0)).isNull();
        assertThat(consumer.paused()).containsExactly(ORDERS_0);
    }

    @Test
    void taskThatCannotBeCreated_failsThePreparation_andRejoiningClosesEveryTaskCreatedWithIt() {
        TaskAssignment assignment = joinAssignment();
        failCreationOf = 1;
        assign(assignment, List.of(ORDERS_0, CUSTOMERS_0, ORDERS_1, CUSTOMERS_1));

        assertThatThrownBy(() -> startup.advance(Duration.ZERO))
                .isInstanceOf(TaskCreationFailure.class)
                .hasMessageContaining("could not create or prepare task 0_1");
        assertThat(assignment.runningPartitions()).isEmpty();
        assertThat(consumer.paused()).containsExactlyInAnyOrder(ORDERS_0, CUSTOMERS_0, ORDERS_1, CUSTOMERS_1);

        assignment.closeAllAsZombies();     // what the thread does to rejoin

        assertThat(created).containsExactly(new TaskId(0, 0));
        assertThat(closed).as("the task created before the failure is closed again").containsExactly(new TaskId(0, 0));
        assertThat(startup.starting()).isFalse();
    }

    private void assign(TaskAssignment assignment, Collection<TopicPartition> added) {
        List<TopicPartition> all = new ArrayList<>(consumer.assignment());
        all.addAll(added);
        consumer.assign(all);
        assignment.onPartitionsAssigned(added);
    }

    private void revoke(TaskAssignment assignment, Collection<TopicPartition> revoked) {
        assignment.onPartitionsRevoked(revoked);
        List<TopicPartition> left = new ArrayList<>(consumer.assignment());
        left.removeAll(revoked);
        consumer.assign(left);
    }

    private static final class RecordingHandler implements TaskAssignment.RebalanceHandler {
        int revocationCommits;

        @Override
        public void beforeRevocation(Collection<TopicPartition> revoked) {
            revocationCommits++;
        }

        @Override
        public void afterLoss(Collection<TopicPartition> lost) {
        }

        @Override
        public void afterAssignment() {
        }

        @Override
        public void released(Collection<TopicPartition> partitions) {
        }

    }

    private static final class NoSender implements RecordSender {
        @Override
        public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public int partitionCount(String topic) {
            return 2;
        }
    }
}
