package dev.eos.internal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.errors.MissingAclException;
import java.util.List;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionAbortableException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    @Test
    void shouldTreatProducerAndGroupFencingAsFenced() {
        assertThat(ErrorClassifier.classify(new ProducerFencedException("x"))).isEqualTo(ErrorConsequence.FENCED);
        assertThat(ErrorClassifier.classify(new InvalidProducerEpochException("x"))).isEqualTo(ErrorConsequence.FENCED);
        assertThat(ErrorClassifier.classify(new CommitFailedException())).isEqualTo(ErrorConsequence.FENCED);
    }

    @Test
    void shouldNeverLetAProducerContinueAfterOutOfOrderSequence() {
        assertThat(ErrorClassifier.classify(new OutOfOrderSequenceException("x"))).isEqualTo(ErrorConsequence.FENCED);
    }

    @Test
    void shouldTreatACommitWithUnknownOutcomeAsNeedingANewProducerNotAnAbort() {
        assertThat(ErrorClassifier.classify(new CommitOutcomeUnknownException("x", new TimeoutException("t"))))
                .isEqualTo(ErrorConsequence.FENCED);
    }

    @Test
    void shouldTreatAmbiguousErrorsAsRetriableNotAsDefiniteFailures() {
        assertThat(ErrorClassifier.classify(new TimeoutException("x"))).isEqualTo(ErrorConsequence.RETRIABLE);
        assertThat(ErrorClassifier.classify(new NotLeaderOrFollowerException("x"))).isEqualTo(ErrorConsequence.RETRIABLE);
        assertThat(ErrorClassifier.classify(new TransactionAbortableException("x"))).isEqualTo(ErrorConsequence.RETRIABLE);
    }

    @Test
    void aSerdeWaitingForADependencyIsRetriableNotABadRecord() {
        assertThat(ErrorClassifier.classify(new DependencyUnavailable("The value deserializer of t-0@5",
                new TimeoutException("registry unreachable")))).isEqualTo(ErrorConsequence.RETRIABLE);
    }

    @Test
    void shouldTreatAuthorizationErrorsAsFatal() {
        assertThat(ErrorClassifier.classify(new TransactionalIdAuthorizationException("x"))).isEqualTo(ErrorConsequence.FATAL);
        assertThat(ErrorClassifier.classify(new TopicAuthorizationException("x"))).isEqualTo(ErrorConsequence.FATAL);
    }

    @Test
    void shouldTreatAuthorizationErrorsAsFatalEvenInsideARetriableWrapper() {
        assertThat(ErrorClassifier.classify(new TransactionAbortableException("abortable",
                new TopicAuthorizationException("x")))).isEqualTo(ErrorConsequence.FATAL);
        assertThat(ErrorClassifier.classify(new MissingAclException("grant it", List.of(),
                new KafkaException("wrapped", new GroupAuthorizationException("x"))))).isEqualTo(ErrorConsequence.FATAL);
    }

    @Test
    void shouldRetryAnAuthenticationFailureInsideARetriableWrapperAsBefore() {
        assertThat(ErrorClassifier.classify(new TransactionAbortableException("abortable",
                new SaslAuthenticationException("token expired")))).isEqualTo(ErrorConsequence.RETRIABLE);
        assertThat(ErrorClassifier.classify(new SaslAuthenticationException("wrong password")))
                .isEqualTo(ErrorConsequence.FATAL);
    }

    @Test
    void shouldStopAStaticMemberReplacedByAnotherWithItsInstanceIdInsteadOfRejoining() {
        // Rejoining would fence the other one, which would rejoin in turn: a livelock.
        assertThat(ErrorClassifier.classify(new FencedInstanceIdException("another member took the id")))
                .isEqualTo(ErrorConsequence.FATAL);
        assertThat(ErrorClassifier.classify(new KafkaException("wrapped", new FencedInstanceIdException("x"))))
                .isEqualTo(ErrorConsequence.FATAL);
    }

    @Test
    void shouldFindTheCauseInsideWrappers() {
        KafkaException wrapped = new KafkaException("commit failed", new ProducerFencedException("inner"));
        assertThat(ErrorClassifier.classify(wrapped)).isEqualTo(ErrorConsequence.FENCED);
        assertThat(ErrorClassifier.classify(new SendFailure(new KafkaException("x", new TimeoutException("t")))))
                .isEqualTo(ErrorConsequence.RETRIABLE);
    }

    @Test
    void shouldTreatUserCodeFailuresAsUserCode() {
        assertThat(ErrorClassifier.classify(new ProcessingFailure("MAP-0000001", new IllegalStateException("bug"))))
                .isEqualTo(ErrorConsequence.USER_CODE);
        assertThat(ErrorClassifier.classify(new DeserializationFailure("value", new RuntimeException("bad"))))
                .isEqualTo(ErrorConsequence.USER_CODE);
    }

    @Test
    void shouldTreatUnknownErrorsAsFatal() {
        assertThat(ErrorClassifier.classify(new KafkaException("unknown"))).isEqualTo(ErrorConsequence.FATAL);
        assertThat(ErrorClassifier.classify(new IllegalStateException("bug in eos"))).isEqualTo(ErrorConsequence.FATAL);
    }
}
