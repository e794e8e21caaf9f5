package dev.eos.jdbc.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.common.TopicPartition;

/** Partitions in one fixed order (topic, then number): rows are locked in it, so lockers never deadlock. */
final class Partitions {
    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private Partitions() {
    }

    static List<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return partitions.stream().sorted(ORDER).toList();
    }
}
