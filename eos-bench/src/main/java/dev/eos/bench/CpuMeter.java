package dev.eos.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * CPU time used so far by this JVM (the pipeline under test and the output counter), by the
 * broker JVM when the benchmark started it, and by the whole machine. On a machine with two
 * cores CPU is what the variants compete for, so the benchmark reports it next to throughput;
 * the machine-wide figure shows when other processes took CPU during a run.
 */
final class CpuMeter {
    private static final Path PROC_STAT = Path.of("/proc/stat");
    /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private final com.sun.management.OperatingSystemMXBean os;
    private final Optional<ProcessHandle> broker;

    CpuMeter(Optional<Long> brokerPid) {
        this.os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        this.broker = brokerPid.flatMap(ProcessHandle::of);
    }

    /** All three readings at one moment. */
    Reading read() {
        return new Reading(os.getProcessCpuTime(), brokerNanos(), machineBusyNanos());
    }

    private long brokerNanos() {
        return broker.flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /**
     * Non-idle CPU time of the whole machine from the first line of /proc/stat (user, nice,
     * system, irq, softirq and steal ticks), or -1 where there is no /proc/stat.
     */
    private static long machineBusyNanos() {
        try {
            String[] f = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long ticks = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                ticks += Long.parseLong(f[i]);
            }
            return ticks * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * CPU times in nanoseconds; -1 for what is unknown.
     *
     * @param benchNanos this JVM
     * @param brokerNanos the broker JVM, if the benchmark started it
     * @param machineNanos every process on the machine, the two above included
     */
    record Reading(long benchNanos, long brokerNanos, long machineNanos) {

        /** The CPU used between {@code earlier} and this reading. */
        Reading since(Reading earlier) {
            return new Reading(benchNanos - earlier.benchNanos, minus(brokerNanos, earlier.brokerNanos),
                    minus(machineNanos, earlier.machineNanos));
        }

        /** CPU used by processes other than the benchmark and its broker, or -1 if unknown. */
        long otherNanos() {
            if (brokerNanos < 0 || machineNanos < 0) {
                return -1;
            }
            return Math.max(0, machineNanos - benchNanos - brokerNanos);
        }

        private static long minus(long later, long earlier) {
            return later < 0 || earlier < 0 ? -1 : later - earlier;
        }
    }
}
