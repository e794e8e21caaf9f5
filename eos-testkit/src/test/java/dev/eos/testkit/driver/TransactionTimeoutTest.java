package dev.eos.testkit.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eos.EosConfig;
import dev.eos.testkit.verify.VerificationReport;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

/**
 * A crashed instance's transaction stays open until the coordinator aborts it after
 * {@code transaction.timeout.ms} on the driver clock; until then it holds back the last stable
 * offset of every partition it wrote. A live thread whose transaction outlives the timeout is
 * fenced the same way.
 */
class TransactionTimeoutTest {

    @Test
    void crashedInstancesTransactionHoldsTheStableOffsetUntilItTimesOut() {
        EosConfig config = CountingScenario.config("timing-out").set(EosConfig.COMMIT_INTERVAL_MS, 1_000)
                .set(EosConfig.TRANSACTION_TIMEOUT_MS, 60_000).build();
        try (PipelineTestDriver driver = CountingScenario.driver(false, config).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String key = CountingScenario.keyOn(0, 0);
            driver.startSecondInstance(); // takes partition 0
            counts.send(key, 2);
            driver.runUntilIdle();
            counts.send(key);
            driver.stepOnce(); // the second instance counted 3 in a transaction it never ends
            int committedBefore = driver.output("out", Serdes.String(), Serdes.Long()).readKeyValues().size();

            driver.crashSecondInstance();
            for (int i = 0; i < 5; i++) {
                driver.stepOnce();
            }
            assertThat(driver.output("out", Serdes.String(), Serdes.Long()).readKeyValues())
                    .as("the primary's restore waits for the crashed instance's open transaction: nothing new is committed")
                    .hasSize(committedBefore);

            Instant before = driver.wallClockTime();
            driver.runUntilIdle();

            assertThat(Duration.between(before, driver.wallClockTime()))
                    .as("runUntilIdle waited out transaction.timeout.ms").isGreaterThanOrEqualTo(Duration.ofSeconds(50));
            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
        }
    }

    @Test
    void liveTransactionOutlivingItsTimeoutIsAbortedAndItsWorkDoneOnce() {
        EosConfig config = CountingScenario.config("outlived").set(EosConfig.TRANSACTION_TIMEOUT_MS, 3_610_000)
                .build();
        try (PipelineTestDriver driver = CountingScenario.driver(false, config).build()) {
            CountingScenario counts = new CountingScenario(driver);
            String key = CountingScenario.keyOn(1, 0);
            counts.send(key, 2);
            driver.runUntilIdle();
            counts.send(key, 2);
            driver.stepOnce(); // counted, the transaction open

            driver.advanceWallClock(Duration.ofHours(2));
            driver.runUntilIdle();

            VerificationReport report = counts.verify();
            assertThat(report.isExactlyOnce()).as(report.describe()).isTrue();
            assertThat(driver.primaryMetrics().producersRecreated())
                    .as("the coordinator fenced the producer whose transaction timed out").isPositive();
        }
    }
}
