package dev.eos.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpsEndpointOptionsTest {

    @Test
    void shouldDefaultToTheUsualPathsAndAnOwnRegistry() {
        OpsEndpointOptions options = OpsEndpointOptions.bindTo("127.0.0.1", 9464);
        assertThat(options.livePath()).isEqualTo("/health/live");
        assertThat(options.readyPath()).isEqualTo("/health/ready");
        assertThat(options.metricsPath()).isEqualTo("/metrics");
        assertThat(options.registry()).isEmpty();
        assertThat(options.address().getPort()).isEqualTo(9464);
    }

    @Test
    void shouldReturnACopyAndLeaveTheOriginalUnchanged() {
        OpsEndpointOptions original = OpsEndpointOptions.bindTo("127.0.0.1", 0);
        OpsEndpointOptions moved = original.withMetricsPath("/prometheus").withLivePath("/live");
        assertThat(moved.metricsPath()).isEqualTo("/prometheus");
        assertThat(moved.livePath()).isEqualTo("/live");
        assertThat(original.metricsPath()).isEqualTo("/metrics");
        assertThat(original.livePath()).isEqualTo("/health/live");
    }

    @Test
    void shouldRefuseAPathThatDoesNotStartWithASlash() {
        assertThatThrownBy(() -> OpsEndpointOptions.bindTo("127.0.0.1", 0).withReadyPath("ready"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ready path").hasMessageContaining("'ready'").hasMessageContaining("/health/ready");
    }
}
