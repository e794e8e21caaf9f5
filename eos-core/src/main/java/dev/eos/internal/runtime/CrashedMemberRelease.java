package dev.eos.internal.runtime;

import dev.eos.EosConfig;
import dev.eos.internal.config.CoPartitionedAssignment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.MemberToRemove;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the {@code group.instance.id}s a crashed predecessor of this instance still holds, under
 * the KIP-848 consumer protocol only; called once as the app starts, before its threads join.
 *
 * <p>Under the classic protocol a static member that joins with the id of a member that never
 * left simply replaces it. Under the consumer protocol the broker refuses it
 * ({@code UNRELEASED_INSTANCE_ID}, fatal for the consumer) until the old member's session times
 * out ({@code group.consumer.session.timeout.ms}), unless the old member left "temporarily"
 * (member epoch -2, what a static member's clean close sends). A process killed with SIGKILL
 * sends nothing. So the app looks its threads' instance ids up in the group and removes the
 * members that hold one and did not leave, through the admin API (a {@code LeaveGroup} by
 * instance id, which Kafka allows for consumer-protocol static members).
 *
 * <p>Removing is safe for the same reason the threads' producers may fence their predecessors':
 * an {@code instance.id} belongs to one running instance, so the holder is this instance's dead
 * (or zombie) earlier life. A member that left temporarily (a rolling restart) is left alone, so
 * its assignment is handed over without a rebalance. Any failure here is logged and ignored: the
 * consumers then wait for the session timeout, as dynamic members would.
 */
public final class CrashedMemberRelease {
    private static final Logger log = LoggerFactory.getLogger(CrashedMemberRelease.class);
    /** The member epoch of a static member that left temporarily (it may be replaced). */
    static final int LEFT_TEMPORARILY_EPOCH = -2;
    private static final long TIMEOUT_MS = 15_000;

    private CrashedMemberRelease() {
    }

    /** Does nothing unless {@code instance.id} is set and the consumers use the consumer protocol. */
    public static void releaseIfCrashed(Admin admin, EosConfig config) {
        if (!config.instanceIdConfigured()
                || !CoPartitionedAssignment.check(config.consumerOverrides()).consumerProtocol()) {
            return;
        }
        String groupId = config.applicationId();
        Set<String> ours = new HashSet<>();
        for (int i = 0; i < config.numThreads(); i++) {
            ClientConfigs.groupInstanceId(config, i).ifPresent(ours::add);
        }
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<MemberToRemove> crashed = new ArrayList<>();
            List<String> described = new ArrayList<>();
            for (MemberDescription m : group.members()) {
                String instance = m.groupInstanceId().orElse(null);
                if (instance != null && ours.contains(instance)
                        && m.memberEpoch().orElse(0) != LEFT_TEMPORARILY_EPOCH) {
                    crashed.add(new MemberToRemove(instance));
                    described.add(m.consumerId() + " (group.instance.id=" + instance + ")");
                }
            }
            if (crashed.isEmpty()) {
                return;
            }
            RemoveMembersFromConsumerGroupOptions options = new RemoveMembersFromConsumerGroupOptions(crashed);
            options.reason("a restart of the same instance.id releases its crashed predecessor");
            admin.removeMembersFromConsumerGroup(groupId, options).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            log.info("Eos app {}: removed members {} from the group: they did not leave, so this instance crashed"
                    + " before; their partitions come back at once instead of after the session timeout", groupId,
                    described);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                warn(groupId, ours, e.getCause());
            }
        } catch (TimeoutException | RuntimeException e) {
            warn(groupId, ours, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void warn(String groupId, Set<String> ours, Throwable e) {
        log.warn("Eos app {}: could not release group.instance.id {} from a crashed predecessor; if one holds them,"
                + " the group refuses these consumers until its session times out", groupId, ours, e);
    }
}
