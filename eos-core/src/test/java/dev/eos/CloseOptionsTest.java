package dev.eos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CloseOptionsTest {
    @Test
    void leaveGroup_shouldLeaveAndWaitThirtySecondsByDefault() {
        CloseOptions options = CloseOptions.leaveGroup();

        assertThat(options.leavesGroup()).isTrue();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void remainInGroup_shouldStayAndKeepItsChoiceWhenTheTimeoutChanges() {
        CloseOptions options = CloseOptions.remainInGroup().withTimeout(Duration.ofSeconds(5));

        assertThat(options.leavesGroup()).isFalse();
        assertThat(options.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(options).isEqualTo(CloseOptions.remainInGroup().withTimeout(Duration.ofSeconds(5)))
                .isNotEqualTo(CloseOptions.leaveGroup().withTimeout(Duration.ofSeconds(5)));
    }

    @Test
    void withTimeout_shouldRefuseANegativeTimeout() {
        assertThatThrownBy(() -> CloseOptions.leaveGroup().withTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
    }
}
