package dev.eos.testkit.driver.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InMemoryProducerTest {
    private static final int PARTITIONS = 4;
    private static final long NOW = 1_700_000_000_000L;

    private InMemoryKafka kafka;

    @BeforeEach
    void setUp() {
        kafka = new InMemoryKafka();
        kafka.createTopic("in", 1);
        kafka.createTopic("out", PARTITIONS);
    }

    private InMemoryProducer transactional(String id) {
        return new InMemoryProducer(kafka, Map.of("transactional.id", id), () -> NOW);
    }

    private static ProducerRecord<byte[], byte[]> record(String key, String value) {
        return new ProducerRecord<>("out", key == null ? null : key.getBytes(UTF_8), value.getBytes(UTF_8));
    }

    private List<String> committedValues() {
        List<String> values = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            kafka.read(new TopicPartition("out", p), 0, 100, IsolationLevel.READ_COMMITTED).records()
                    .forEach(r -> values.add(new String(r.value(), UTF_8)));
        }
        return values;
    }

    @Test
    void shouldShowSentRecordsToReadCommittedOnlyAfterCommit() throws Exception {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        RecordMetadata metadata = producer.send(record("k", "v")).get();

        assertThat(committedValues()).isEmpty();
        assertThat(metadata.offset()).isZero();
        assertThat(metadata.timestamp()).isEqualTo(NOW);

        producer.commitTransaction();
        assertThat(committedValues()).as("decided; its marker has not landed").isEmpty();
        kafka.deliverAllMarkers();
        assertThat(committedValues()).containsExactly("v");
    }

    @Test
    void shouldNeverShowRecordsOfAnAbortedTransaction() {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record("k", "v"));
        producer.abortTransaction();

        assertThat(committedValues()).isEmpty();
    }

    @Test
    void shouldPlaceKeyedRecordsWhereKafkasDefaultPartitionerDoes() throws Exception {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        for (String key : List.of("a", "b", "c", "order-17", "user-42")) {
            int partition = producer.send(record(key, "v")).get().partition();
            assertThat(partition).as("partition of key %s", key)
                    .isEqualTo(BuiltInPartitioner.partitionForKey(key.getBytes(UTF_8), PARTITIONS));
        }
    }

    @Test
    void shouldUseTheRecordsOwnPartitionAndTimestampWhenGiven() throws Exception {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        RecordMetadata metadata = producer.send(new ProducerRecord<>("out", 3, 42L, "k".getBytes(UTF_8), (byte[]) null)).get();

        assertThat(metadata.partition()).isEqualTo(3);
        assertThat(metadata.timestamp()).isEqualTo(42L);
        assertThat(metadata.serializedValueSize()).isEqualTo(-1);
    }

    @Test
    void shouldSpreadRecordsWithoutKeyRoundRobin() throws Exception {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        List<Integer> partitions = new ArrayList<>();
        for (int i = 0; i < PARTITIONS + 1; i++) {
            partitions.add(producer.send(record(null, "v" + i)).get().partition());
        }
        assertThat(partitions).containsExactly(0, 1, 2, 3, 0);
    }

    @Test
    void shouldCompleteTheFutureAndRunTheCallbackBeforeSendReturns() {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        List<RecordMetadata> seen = new ArrayList<>();
        Future<RecordMetadata> future = producer.send(record("k", "v"), (metadata, error) -> seen.add(metadata));

        assertThat(future).isDone();
        assertThat(seen).hasSize(1);
    }

    @Test
    void shouldThrowProducerFencedFromSendAndCommitWhenANewerProducerTookTheTransactionalId() {
        InMemoryProducer zombie = transactional("tx");
        zombie.initTransactions();
        zombie.beginTransaction();
        zombie.send(record("k", "zombie"));
        InMemoryProducer successor = transactional("tx");
        successor.initTransactions();

        assertThatThrownBy(() -> zombie.send(record("k", "late"))).isInstanceOf(ProducerFencedException.class);
        assertThatThrownBy(zombie::commitTransaction).isInstanceOf(ProducerFencedException.class);
        assertThat(committedValues()).isEmpty();
    }

    @Test
    void shouldFailFutureAndCallbackAndThenRefuseCommitUntilAbortWhenTopicIsUnknown() {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record("k", "kept back"));
        List<Exception> errors = new ArrayList<>();
        Future<RecordMetadata> future = producer.send(
                new ProducerRecord<>("missing", "v".getBytes(UTF_8)), (metadata, error) -> errors.add(error));

        assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);
        assertThat(errors).singleElement().isInstanceOf(UnknownTopicOrPartitionException.class);
        assertThatThrownBy(producer::commitTransaction).isInstanceOf(KafkaException.class)
                .hasCauseInstanceOf(UnknownTopicOrPartitionException.class);

        producer.abortTransaction();
        producer.beginTransaction();
        producer.send(record("k", "after abort"));
        producer.commitTransaction();
        kafka.deliverAllMarkers();
        assertThat(committedValues()).containsExactly("after abort");
    }

    @Test
    void shouldThrowFromSendWhenThePartitionDoesNotExist() {
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();

        assertThatThrownBy(() -> producer.send(new ProducerRecord<>("out", PARTITIONS, null, "v".getBytes(UTF_8))))
                .isInstanceOf(KafkaException.class).hasMessageContaining("has 4 partitions");
    }

    @Test
    void shouldRefuseSendBeforeInitTransactionsAndOutsideATransaction() {
        InMemoryProducer producer = transactional("tx");
        assertThatThrownBy(() -> producer.send(record("k", "v"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initTransactions");

        producer.initTransactions();
        assertThatThrownBy(() -> producer.send(record("k", "v"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("beginTransaction");
    }

    @Test
    void shouldLeaveTheTransactionOpenOnCloseUntilTheNextInitTransactionsAbortsIt() {
        InMemoryProducer crashed = transactional("tx");
        crashed.initTransactions();
        crashed.beginTransaction();
        crashed.send(record("k", "in flight"));
        crashed.close();

        TopicPartition written = new TopicPartition("out", BuiltInPartitioner.partitionForKey("k".getBytes(UTF_8), PARTITIONS));
        assertThat(kafka.lastStableOffset(written)).isZero();
        assertThatThrownBy(crashed::commitTransaction).isInstanceOf(IllegalStateException.class);

        transactional("tx").initTransactions();
        assertThat(kafka.lastStableOffset(written)).isEqualTo(kafka.highWatermark(written));
        assertThat(committedValues()).isEmpty();
    }

    @Test
    void shouldCommitOffsetsToTheGroupOnlyWithTheTransaction() {
        String member = kafka.joinGroup("app", "client-0", Set.of("in"));
        ConsumerGroupMetadata group = kafka.groupMetadata("app", member);
        Map<TopicPartition, OffsetAndMetadata> offsets = Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(5));
        InMemoryProducer producer = transactional("tx");
        producer.initTransactions();
        producer.beginTransaction();
        producer.sendOffsetsToTransaction(offsets, group);

        assertThat(kafka.committedOffsets("app")).isEmpty();
        producer.commitTransaction();
        assertThat(kafka.committedOffsets("app")).as("until the group's marker lands").isEmpty();
        kafka.deliverAllMarkers();
        assertThat(kafka.committedOffsets("app")).isEqualTo(offsets);
    }

    @Test
    void shouldCommitThenTimeOutAndAnswerOnlyTheRetryWhenAFaultStrikesAfterTheCommit() {
        FaultHooks faults = new FaultHooks();
        ConsumerGroupMetadata group = kafka.groupMetadata("g", kafka.joinGroup("g", "client-0", Set.of("in")));
        InMemoryProducer producer = new InMemoryProducer(kafka, Map.of("transactional.id", "tx"), () -> NOW, faults);
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(record("k", "v"));
        producer.sendOffsetsToTransaction(Map.of(new TopicPartition("in", 0), new OffsetAndMetadata(5)), group);
        faults.arm(FaultHooks.Point.AFTER_COMMIT, 1, id -> {
            throw new TimeoutException("injected");
        });

        assertThatThrownBy(producer::commitTransaction).isInstanceOf(TimeoutException.class);
        kafka.deliverAllMarkers();

        assertThat(committedValues()).as("the coordinator committed").containsExactly("v");
        assertThat(kafka.committedOffsets("g")).containsEntry(new TopicPartition("in", 0), new OffsetAndMetadata(5));
        assertThatThrownBy(producer::abortTransaction).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("`commitTransaction` timed out and must be retried");
        assertThatThrownBy(producer::beginTransaction).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> producer.send(record("k", "w"))).isInstanceOf(IllegalStateException.class);

        producer.commitTransaction();
        producer.beginTransaction();
        producer.send(record("k", "w"));
        producer.commitTransaction();
        kafka.deliverAllMarkers();
        assertThat(committedValues()).containsExactly("v", "w");
    }

    @Test
    void shouldAppendCommittedAtOnceWithoutATransactionalId() {
        InMemoryProducer producer = new InMemoryProducer(kafka, Map.of(), () -> NOW);
        producer.send(record("k", "v"));

        assertThat(committedValues()).containsExactly("v");
        assertThatThrownBy(producer::initTransactions).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldReportOnePartitionInfoPerPartitionAndThrowForAnUnknownTopic() {
        InMemoryProducer producer = transactional("tx");
        List<PartitionInfo> partitions = producer.partitionsFor("out");

        assertThat(partitions).extracting(PartitionInfo::partition).containsExactly(0, 1, 2, 3);
        assertThat(partitions.get(0).replicas()).hasSize(1);
        assertThatThrownBy(() -> producer.partitionsFor("missing"))
                .isInstanceOf(UnknownTopicOrPartitionException.class);
    }

    @Test
    void shouldRefuseClientInstanceIdAsNotModelled() {
        assertThatThrownBy(() -> transactional("tx").clientInstanceId(java.time.Duration.ZERO))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("clientInstanceId");
    }
}
