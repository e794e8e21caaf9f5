package dev.eos.bench;

/**
 * One latency run: end-to-end latencies of the measured records, from the send to a
 * {@code read_committed} reader.
 *
 * @param variant the variant's name
 * @param measured records whose latency was measured (the warm-up excluded)
 * @param p50Millis the median latency
 * @param p99Millis the 99th percentile (nearest rank)
 * @param maxMillis the largest latency
 * @param missing sent records that never reached the committed output
 * @param duplicates records that reached it more than once
 * @param cpu CPU used while the records were sent and received
 * @param elapsedNanos from the first send until the last record arrived
 */
record LatencyResult(String variant, int measured, double p50Millis, double p99Millis, double maxMillis,
                     long missing, long duplicates, CpuMeter.Reading cpu, long elapsedNanos) {

    static LatencyResult of(String variant, long[] sortedNanos, long missing, long duplicates, CpuMeter.Reading cpu,
                            long elapsedNanos) {
        return new LatencyResult(variant, sortedNanos.length, percentile(sortedNanos, 0.50),
                percentile(sortedNanos, 0.99), sortedNanos.length == 0 ? Double.NaN
                : sortedNanos[sortedNanos.length - 1] / 1e6, missing, duplicates, cpu, elapsedNanos);
    }

    /** Nearest rank: the smallest value with at least {@code q} of all values at or below it. */
    private static double percentile(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    /** The share of all cores' time other processes used during the run, or -1 if unknown. */
    double otherShare() {
        if (cpu.otherNanos() < 0) {
            return -1;
        }
        return cpu.otherNanos() / ((double) elapsedNanos * Runtime.getRuntime().availableProcessors());
    }
}
