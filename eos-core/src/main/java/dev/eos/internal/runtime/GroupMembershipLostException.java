package dev.eos.internal.runtime;

/**
 * The consumer is no longer a member of the group (for example it exceeded
 * {@code max.poll.interval.ms} and left), so its group metadata carries no generation. The broker
 * accepts a transactional offset commit without a generation, so committing now would let a
 * zombie overwrite the offsets of the partitions' new owner: the thread treats this as fencing.
 */
final class GroupMembershipLostException extends RuntimeException {
    GroupMembershipLostException(String message) {
        super(message);
    }
}
