package dev.eos.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void timedValue_keepsSequenceAndSendTimeThroughTheTransformation() {
        Workload workload = new Workload(1);
        String key = workload.nextKey();
        String value = workload.timedValueFor(key, 4_711, 123_456_789_012L);

        byte[] output = Workload.newValue(value).getBytes(StandardCharsets.US_ASCII);

        assertThat(value).hasSize(Workload.VALUE_LENGTH).startsWith(key + "|sku-");
        assertThat(Workload.newKey(value)).startsWith("sku-");
        assertThat(Workload.sequenceOf(output)).isEqualTo(4_711);
        assertThat(Workload.sendNanosOf(output)).isEqualTo(123_456_789_012L);
    }

    @Test
    void latencyResult_takesPercentilesByNearestRank() {
        long[] sortedNanos = new long[100];
        for (int i = 0; i < sortedNanos.length; i++) {
            sortedNanos[i] = (i + 1) * 1_000_000L;
        }

        LatencyResult result = LatencyResult.of("eos", sortedNanos, 0, 0, new CpuMeter.Reading(0, 0, 0), 1);

        assertThat(result.p50Millis()).isEqualTo(50.0);
        assertThat(result.p99Millis()).isEqualTo(99.0);
        assertThat(result.maxMillis()).isEqualTo(100.0);
    }
}
