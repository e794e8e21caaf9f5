package dev.eos.internal.runtime;

import java.util.List;
import java.util.Optional;
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
 * Frees the {@code group.instance.id} a crashed predecessor of this thread still holds, under the
 * KIP-848 consumer protocol only.
 *
 * <p>Under the classic protocol a static member that joins with the id of a member that never
 * left simply replaces it. Under the consumer protocol the broker refuses it
 * ({@code UNRELEASED_INSTANCE_ID}, fatal for the consumer) until the old member's session times
 * out ({@code group.consumer.session.timeout.ms}), unless the old member left "temporarily"
 * (member epoch -2, what a static member's clean close sends). A process killed with SIGKILL
 * sends nothing. So before its consumer subscribes, the thread looks its instance id up in the
 * group and, if a member that did not leave holds it, removes that member through the admin API
 * (a {@code LeaveGroup} by instance id, allowed for consumer-protocol static members).
 *
 * <p>Removing is safe for the same reason the thread's producer may fence its predecessor's: an
 * {@code instance.id} belongs to one running instance, so the holder is this instance's dead (or
 * zombie) earlier life. A member that left temporarily (a rolling restart) is left alone, so its
 * assignment is handed over without a rebalance. Any failure here is logged and ignored: the
 * consumer then waits for the session timeout like a dynamic member would.
 */
final class CrashedMemberRelease {
    private static final Logger log = LoggerFactory.getLogger(CrashedMemberRelease.class);
    /** The member epoch of a static member that left temporarily (it may be replaced). */
    static final int LEFT_TEMPORARILY_EPOCH = -2;
    private static final long TIMEOUT_MS = 15_000;

    private CrashedMemberRelease() {
    }

    static void release(Admin admin, String groupId, String groupInstanceId, String threadName) {
        try {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId)).describedGroups()
                    .get(groupId).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Optional<MemberDescription> holder = group.members().stream()
                    .filter(m -> m.groupInstanceId().equals(Optional.of(groupInstanceId))).findFirst();
            if (holder.isEmpty() || holder.get().memberEpoch().orElse(0) == LEFT_TEMPORARILY_EPOCH) {
                return;
            }
            RemoveMembersFromConsumerGroupOptions options =
                    new RemoveMembersFromConsumerGroupOptions(List.of(new MemberToRemove(groupInstanceId)));
            options.reason("a restart of the same instance.id releases its crashed predecessor");
            admin.removeMembersFromConsumerGroup(groupId, options).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            log.info("{}: removed member {} (group.instance.id={}) from group {}: it did not leave, so this instance"
                    + " crashed before; its partitions come back at once instead of after the session timeout",
                    threadName, holder.get().consumerId(), groupInstanceId, groupId);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                log.warn("{}: could not release group.instance.id={} held by a crashed predecessor; the group may "
                        + "refuse this consumer until that member's session times out", threadName, groupInstanceId,
                        e.getCause());
            }
        } catch (TimeoutException e) {
            log.warn("{}: timed out releasing group.instance.id={} held by a crashed predecessor", threadName,
                    groupInstanceId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("{}: could not look up group.instance.id={} in group {}; if a crashed predecessor holds it, the"
                    + " group refuses this consumer until that member's session times out", threadName,
                    groupInstanceId, groupId, e);
        }
    }
}
