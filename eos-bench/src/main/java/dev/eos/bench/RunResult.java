package dev.eos.bench;

/**
 * One measured run.
 *
 * @param variant the variant's name
 * @param records the records that had to reach the output
 * @param elapsedNanos from the pipeline's start until the last of them was committed and read
 * @param recordsSeen records a read_committed consumer saw in the output once the pipeline had
 *     stopped; more than {@code records} means duplicates
 * @param cpu CPU used by the benchmark JVM (pipeline and counter) and by the broker JVM during
 *     the measured time
 * @param details the variant's own counters, possibly empty
 */
record RunResult(String variant, long records, long elapsedNanos, long recordsSeen, CpuMeter.Reading cpu,
                 String details) {

    double recordsPerSecond() {
        return records * 1e9 / elapsedNanos;
    }

    long duplicates() {
        return Math.max(0, recordsSeen - records);
    }
}
