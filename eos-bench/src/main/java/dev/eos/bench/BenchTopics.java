package dev.eos.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and deletes the benchmark's topics, with the broker's default replication factor so
 * the same code serves the embedded broker and an existing cluster.
 */
final class BenchTopics implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;

    private final Admin admin;

    BenchTopics(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "eos-bench-admin"));
    }

    /** Creates {@code topic} with {@link Workload#PARTITIONS} partitions and waits until every one has a leader. */
    void create(String topic) throws InterruptedException {
        call("create topic " + topic, () -> {
            admin.createTopics(List.of(new NewTopic(topic, Optional.of(Workload.PARTITIONS), Optional.empty())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (!allPartitionsLed(topic)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("not every partition of " + topic + " has a leader");
                }
                Thread.sleep(50);
            }
            return null;
        });
    }

    /** Deletes {@code topic}; a benchmark run leaves nothing behind on the cluster. */
    void delete(String topic) throws InterruptedException {
        call("delete topic " + topic, () -> admin.deleteTopics(List.of(topic)).all()
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    /** Deletes every topic whose name starts with {@code prefix} (an application's internal topics). */
    void deleteStartingWith(String prefix) throws InterruptedException {
        call("delete topics " + prefix + "*", () -> {
            List<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(prefix)).toList();
            if (!names.isEmpty()) {
                admin.deleteTopics(names).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return null;
        });
    }

    /**
     * Deletes every topic whose name contains {@code part}: a run's output topic and the internal
     * topics (repartition, changelog) of its application, all named after the run.
     */
    void deleteContaining(String part) throws InterruptedException {
        call("delete topics *" + part + "*", () -> {
            List<String> names = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(name -> name.contains(part)).toList();
            if (!names.isEmpty()) {
                admin.deleteTopics(names).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return null;
        });
    }

    /** Waits until consumer group {@code groupId} has no member (a killed member's session expired). */
    void awaitGroupEmpty(String groupId, long timeoutSeconds) throws InterruptedException {
        call("wait for group " + groupId + " to empty", () -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!admin.describeConsumerGroups(List.of(groupId)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(groupId).members().isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("group " + groupId + " still has members");
                }
                Thread.sleep(100);
            }
            return null;
        });
    }

    /** The sum of the end offsets of every partition of {@code topic}. */
    long endOffsetSum(String topic) throws InterruptedException {
        return call("read end offsets of " + topic, () -> {
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int p = 0; p < Workload.PARTITIONS; p++) {
                request.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(request).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .mapToLong(info -> info.offset()).sum();
        });
    }

    private boolean allPartitionsLed(String topic) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .get(topic).partitions().stream().allMatch(p -> p.leader() != null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false; // created, but not yet in the metadata of the broker that answered
            }
            throw e;
        }
    }

    private static <T> T call(String what, AdminCall<T> call) throws InterruptedException {
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Could not " + what + " within " + TIMEOUT_SECONDS + " s: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }

    @FunctionalInterface
    private interface AdminCall<T> {
        T run() throws ExecutionException, InterruptedException, TimeoutException;
    }
}
