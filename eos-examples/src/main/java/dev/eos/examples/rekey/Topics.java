package dev.eos.examples.rekey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topics of the rekeying job: found, created if missing, or refused when they do not fit. */
final class Topics implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 30;
    private final Admin admin;

    Topics(String bootstrap) {
        this.admin = Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    /** The partition count of {@code topic}, or empty if it does not exist. */
    Optional<Integer> partitions(String topic) throws Exception {
        try {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
            return Optional.of(d.partitions().size());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates {@code topic} with {@code partitions} partitions unless it exists; returns its count. */
    int createIfMissing(String topic, int partitions) throws Exception {
        Optional<Integer> existing = partitions(topic);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(partitions), Optional.empty())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        return awaitVisible(topic);
    }

    /** A new topic's metadata reaches the brokers a moment after it is created. */
    private int awaitVisible(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            Optional<Integer> partitions = partitions(topic);
            if (partitions.isPresent()) {
                return partitions.get();
            }
            Thread.sleep(100);
        }
        throw new TimeoutException("Topic '" + topic + "' was created but its metadata did not appear within "
                + TIMEOUT_SECONDS + " s");
    }

    /**
     * The target must have exactly the partition count asked for: records are placed by
     * {@code hash % partitions}, so another count puts every key somewhere else.
     */
    void requireTarget(String topic, int partitions) throws Exception {
        int actual = createIfMissing(topic, partitions);
        if (actual != partitions) {
            throw new IllegalStateException("Target topic '" + topic + "' exists with " + actual + " partitions, but --partitions "
                    + partitions + " was given. Placement depends on the partition count, so pass --partitions " + actual
                    + " or choose another --target");
        }
    }

    /** The end offset of every partition of {@code topic}: where this run's records start. */
    Map<Integer, Long> endOffsets(String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close();
    }
}
