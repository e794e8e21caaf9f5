package dev.eos.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeWindowsTest {

    @Test
    void shouldBeTumblingUnlessAdvanced() {
        TimeWindows w = TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(5));
        assertThat(w.sizeMs()).isEqualTo(60_000);
        assertThat(w.advanceMs()).isEqualTo(60_000);
        assertThat(w.graceMs()).isEqualTo(5_000);
        TimeWindows hopping = w.advanceBy(Duration.ofSeconds(10));
        assertThat(hopping.advanceMs()).isEqualTo(10_000);
        assertThat(w.advanceMs()).isEqualTo(60_000);
        assertThat(TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1)).graceMs()).isZero();
    }

    @Test
    void shouldRejectAnAdvanceLargerThanTheSizeAndNonPositiveDurations() {
        TimeWindows w = TimeWindows.ofSizeWithNoGrace(Duration.ofMinutes(1));
        assertThatThrownBy(() -> w.advanceBy(Duration.ofMinutes(2))).hasMessageContaining("larger than the window size");
        assertThatThrownBy(() -> w.advanceBy(Duration.ZERO)).hasMessageContaining("advance must be at least 1 ms");
        assertThatThrownBy(() -> TimeWindows.ofSizeWithNoGrace(Duration.ZERO)).hasMessageContaining("size");
        assertThatThrownBy(() -> TimeWindows.ofSizeAndGrace(Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("grace must not be negative");
    }
}
