package dev.eos.internal.state;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * What a restore needs to know about changelog partitions before it reads them, asked of the
 * brokers with an {@link Admin}:
 * <ul>
 *   <li>the high watermark (the read_uncommitted end offset): the restore target. The
 *       read_committed end offset (the last stable offset) is not: right after a commit it lies
 *       below the committed records until the markers are written, and it stays below records
 *       of a crashed producer's transaction until that transaction times out (KAFKA-10167);</li>
 *   <li>the log start offset: a checkpoint below it means records the store never saw were
 *       deleted;</li>
 *   <li>the topic id: a topic deleted and created again under the same name has another.</li>
 * </ul>
 * Each call fails with {@link TimeoutException} if the brokers do not answer in time, and with a
 * {@link KafkaException} carrying the broker's error otherwise.
 */
public final class ChangelogMetadata {
    private final Supplier<Admin> admin;
    private final Duration timeout;

    /** @param admin gives the thread's admin client, created on first use */
    public ChangelogMetadata(Supplier<Admin> admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    public Map<TopicPartition, Long> highWatermarks(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetSpec.latest());
    }

    public Map<TopicPartition, Long> logStartOffsets(Collection<TopicPartition> partitions) {
        return offsets(partitions, OffsetSpec.earliest());
    }

    /** Topic name to topic id, as a string. */
    public Map<String, String> topicIds(Collection<String> topics) {
        Map<String, TopicDescription> descriptions = await(admin.get().describeTopics(topics).allTopicNames());
        Map<String, String> ids = new HashMap<>();
        descriptions.forEach((topic, d) -> ids.put(topic, d.topicId().toString()));
        return ids;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = await(admin.get()
                .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all());
        Map<TopicPartition, Long> out = new HashMap<>();
        infos.forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    private <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new TimeoutException("No answer about changelog offsets or topic ids within " + timeout.toMillis()
                    + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof KafkaException k ? k : new KafkaException(cause);
        }
    }
}
