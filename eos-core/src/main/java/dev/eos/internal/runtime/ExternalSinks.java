package dev.eos.internal.runtime;

import dev.eos.internal.plan.ExternalSinkNode;
import dev.eos.internal.plan.LogicalPlan;
import dev.eos.internal.plan.Subtopology;
import dev.eos.sink.ExternalSink;
import dev.eos.sink.ExternalSinkFactory;
import dev.eos.sink.SinkRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread's external sinks: an instance per external sink of the plan, created on first use,
 * and the records its tasks handed them since the last commit point.
 *
 * <p>At a commit point, before the Kafka commit, every sink gets its batch with the next offsets
 * of the thread's partitions ({@link #flush}); a failure leaves the Kafka transaction uncommitted
 * and the input is processed again. After an abort the batches are dropped ({@link #discard}).
 * On assignment, offset-owning sinks say where their partitions start ({@link #onAssigned}).
 */
final class ExternalSinks implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExternalSinks.class);

    private static final class Slot {
        final ExternalSinkFactory<Object, Object> factory;
        final Set<String> topics;
        final List<SinkRecord<Object, Object>> batch = new ArrayList<>();
        ExternalSink<Object, Object> sink;

        Slot(ExternalSinkFactory<Object, Object> factory, Set<String> topics) {
            this.factory = factory;
            this.topics = topics;
        }

        ExternalSink<Object, Object> sink() {
            if (sink == null) {
                sink = factory.create();
            }
            return sink;
        }
    }

    private final String threadName;
    private final Map<String, Slot> byNode = new LinkedHashMap<>();

    @SuppressWarnings("unchecked")
    ExternalSinks(String threadName, LogicalPlan plan) {
        this.threadName = threadName;
        for (Subtopology s : plan.subtopologies()) {
            for (String name : s.nodeNames()) {
                if (plan.node(name) instanceof ExternalSinkNode node) {
                    byNode.put(name, new Slot((ExternalSinkFactory<Object, Object>) node.factory(), s.sourceTopics()));
                }
            }
        }
    }

    boolean isEmpty() {
        return byNode.isEmpty();
    }

    /** Whether the sink of node {@code node} keeps its source offsets in the external system. */
    boolean ownsOffsets(String node) {
        Slot slot = byNode.get(node);
        return slot != null && slot.factory.ownsOffsets();
    }

    /** A task's sink node hands over a record. */
    void add(String node, SinkRecord<Object, Object> record) {
        byNode.get(node).batch.add(record);
    }

    /** Commit point, before Kafka's commit: every sink writes its batch with the offsets it reaches. */
    void flush(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (byNode.isEmpty()) {
            return;
        }
        for (Slot slot : byNode.values()) {
            Map<TopicPartition, Long> next = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (slot.topics.contains(tp.topic())) {
                    next.put(tp, o.offset());
                }
            });
            if (slot.batch.isEmpty() && (next.isEmpty() || !slot.factory.ownsOffsets())) {
                continue;
            }
            slot.sink().write(List.copyOf(slot.batch), next);
            slot.batch.clear();
        }
    }

    /** The transaction aborted or the tasks are zombies: batches are dropped. */
    void discard() {
        byNode.values().forEach(slot -> slot.batch.clear());
    }

    /** Where offset-owning sinks say their newly assigned partitions start. */
    Map<TopicPartition, Long> onAssigned(Set<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = new HashMap<>();
        for (Slot slot : byNode.values()) {
            Set<TopicPartition> own = ofSlot(slot, partitions);
            if (own.isEmpty()) {
                continue;
            }
            Map<TopicPartition, Long> offsets = slot.sink().onAssigned(own);
            if (slot.factory.ownsOffsets()) {
                starts.putAll(offsets);
            }
        }
        return starts;
    }

    void onRevoked(Set<TopicPartition> partitions) {
        for (Slot slot : byNode.values()) {
            Set<TopicPartition> own = ofSlot(slot, partitions);
            if (!own.isEmpty() && slot.sink != null) {
                slot.sink.onRevoked(own);
            }
        }
    }

    private static Set<TopicPartition> ofSlot(Slot slot, Set<TopicPartition> partitions) {
        Set<TopicPartition> own = new HashSet<>();
        partitions.forEach(tp -> {
            if (slot.topics.contains(tp.topic())) {
                own.add(tp);
            }
        });
        return own;
    }

    @Override
    public void close() {
        for (Slot slot : byNode.values()) {
            slot.batch.clear();
            if (slot.sink != null) {
                try {
                    slot.sink.close();
                } catch (Exception e) {
                    log.warn("{}: closing an external sink failed", threadName, e);
                }
                slot.sink = null;
            }
        }
    }
}
