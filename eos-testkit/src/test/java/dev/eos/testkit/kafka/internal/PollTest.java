package dev.eos.testkit.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {

    @Test
    void shouldReturnOnceTheConditionHolds() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        Poll.until("third check", Duration.ofSeconds(5), () -> checks.incrementAndGet() == 3);

        assertThat(checks).hasValue(3);
    }

    @Test
    void shouldTreatAThrowingCheckAsNotYet() throws Exception {
        AtomicInteger checks = new AtomicInteger();

        Poll.until("second check", Duration.ofSeconds(5), () -> {
            if (checks.incrementAndGet() == 1) {
                throw new IllegalStateException("broker restarting");
            }
            return true;
        });

        assertThat(checks).hasValue(2);
    }

    @Test
    void shouldTimeOutNamingTheConditionAndTheLastFailure() {
        IllegalStateException failure = new IllegalStateException("broker restarting");

        assertThatThrownBy(() -> Poll.until("broker 2 is back", Duration.ofMillis(50), () -> {
            throw failure;
        }))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("broker 2 is back")
                .hasMessageContaining("broker restarting")
                .hasCause(failure);
    }
}
