package dev.eos.internal.runtime;

import dev.eos.errors.RecordProcessingException;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownProducerIdException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * The one place that maps an error to what the runtime does about it. Everything else switches
 * on {@link ErrorConsequence}; no other class keeps its own list of Kafka exceptions.
 *
 * <p>The rules, and why:
 * <ol>
 *   <li>Failures of user code reach here wrapped as {@link ProcessingFailure},
 *       {@link DeserializationFailure} or, once a handler decided to fail,
 *       {@link RecordProcessingException}: {@link ErrorConsequence#USER_CODE}, whatever the user's
 *       exception wraps.</li>
 *   <li>Fencing, by a newer producer with our transactional id or by a newer group generation
 *       (KIP-447: {@code CommitFailedException}, {@code IllegalGeneration}, {@code UnknownMemberId},
 *       {@code RebalanceInProgress} from {@code sendOffsetsToTransaction}):
 *       {@link ErrorConsequence#FENCED}. So are the producer states after which only a new producer
 *       may go on: {@code OutOfOrderSequence}, {@code UnknownProducerId}, {@code InvalidPidMapping}
 *       and a commit whose outcome stayed unknown. A consumer that left the group (its metadata has
 *       no generation) is fenced too: the broker would accept its transactional offset commit. An
 *       external sink refusing a write because a newer owner claimed the partition
 *       ({@code SinkFencedException}) is the same situation.</li>
 *   <li>Authentication, authorization and unsupported versions do not heal by retrying:
 *       {@link ErrorConsequence#FATAL}; authorization also when a retriable error wraps it (a
 *       transactional producer's {@code TransactionAbortable} caused by a
 *       {@code TopicAuthorization}). So is {@code FencedInstanceId}: another consumer joined with
 *       this thread's {@code group.instance.id} (its instance restarted while this one was paused,
 *       or two running instances share one {@code instance.id}); rejoining would fence that one in
 *       turn, and the two would take the partitions from each other for ever.</li>
 *   <li>Retriable and ambiguous errors (timeouts, {@code NotLeaderOrFollower}) and
 *       {@code TransactionAbortable}, an external sink's {@code RetriableSinkException}, and a
 *       task that could not be started for a reason known to pass ({@link TaskCreationFailure}),
 *       and a serde waiting for a service it depends on ({@link DependencyUnavailable}):
 *       {@link ErrorConsequence#RETRIABLE}. An ambiguous error is
 *       never taken as proof that a write failed; the transaction is aborted as a whole.</li>
 *   <li>Anything else: {@link ErrorConsequence#FATAL}.</li>
 * </ol>
 * The cause chain is searched, because clients wrap errors (for example a send failure
 * surfacing from {@code commitTransaction} as a {@code KafkaException}).
 */
final class ErrorClassifier {

    private ErrorClassifier() {
    }

    static ErrorConsequence classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            ErrorConsequence c = classifyOne(t);
            if (c == ErrorConsequence.RETRIABLE && deniedAccessWithin(t)) {
                // e.g. TransactionAbortableException caused by TopicAuthorizationException:
                // retrying would fail the same way forever.
                return ErrorConsequence.FATAL;
            }
            if (c != null) {
                return c;
            }
        }
        return ErrorConsequence.FATAL;
    }

    private static boolean deniedAccessWithin(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Authentication is left out: a re-authentication that failed inside a retriable error
            // (an expired token being renewed) may pass on the next attempt.
            if (t instanceof AuthorizationException) {
                return true;
            }
        }
        return false;
    }

    private static ErrorConsequence classifyOne(Throwable t) {
        if (t instanceof ProcessingFailure || t instanceof DeserializationFailure
                || t instanceof RecordProcessingException) {
            return ErrorConsequence.USER_CODE;
        }
        if (t instanceof ProducerFencedException
                || t instanceof InvalidProducerEpochException
                || t instanceof CommitFailedException
                || t instanceof IllegalGenerationException
                || t instanceof UnknownMemberIdException
                || t instanceof RebalanceInProgressException
                || t instanceof OutOfOrderSequenceException
                || t instanceof UnknownProducerIdException
                || t instanceof InvalidPidMappingException
                || t instanceof CommitOutcomeUnknownException
                || t instanceof GroupMembershipLostException
                || t instanceof dev.eos.sink.SinkFencedException) {
            return ErrorConsequence.FENCED;
        }
        if (t instanceof AuthenticationException
                || t instanceof AuthorizationException
                || t instanceof FencedInstanceIdException
                || t instanceof UnsupportedVersionException) {
            return ErrorConsequence.FATAL;
        }
        if (t instanceof DependencyUnavailable) {
            return ErrorConsequence.RETRIABLE;
        }
        if (t instanceof TaskCreationFailure failure && failure.retriable()) {
            return ErrorConsequence.RETRIABLE;
        }
        if (t instanceof RetriableException || t instanceof TransactionAbortableException
                || t instanceof dev.eos.sink.RetriableSinkException) {
            return ErrorConsequence.RETRIABLE;
        }
        return null;
    }
}
