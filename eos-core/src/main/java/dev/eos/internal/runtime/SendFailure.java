package dev.eos.internal.runtime;

/**
 * The producer refused a record synchronously. Marks a Kafka client error travelling up through
 * user processors, so it is classified as a client error, not as a failure of user code.
 */
final class SendFailure extends RuntimeException {
    SendFailure(RuntimeException cause) {
        super(cause.getMessage(), cause);
    }
}
