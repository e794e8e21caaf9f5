package dev.eos.testkit.kafka;

/**
 * The embedded Kafka cluster could not do what a test asked: start, stop or restart a broker,
 * or run an admin operation within its timeout. The message says what was attempted, with
 * which settings; the cause is the underlying Kafka or I/O error (for example
 * {@code TopicExistsException} from {@code createTopic}).
 */
public final class EmbeddedKafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
