package dev.eos.bench;

/**
 * The pipeline a benchmark run applies to the input topic, the same in every framework.
 *
 * <ul>
 *   <li>{@link #COPY}: stateless, {@code selectKey} + {@code mapValues} + {@code to}
 *       ({@link Workload#newKey}, {@link Workload#newValue}); one output record per input.</li>
 *   <li>{@link #COUNT}: stateful, {@code groupByKey().count(Materialized.as("counts"))}, then
 *       {@code toStream().to(out)} with {@code Long} values: a RocksDB store with a changelog.
 *       The input is already keyed by user, so neither framework repartitions.</li>
 *   <li>{@link #REKEY}: stateless with a repartition topic: {@code selectKey}, then
 *       {@code repartition(...)} (an internal topic with the input's 8 partitions, written and
 *       read by the app), then {@code mapValues} + {@code to}; one output record per input.</li>
 * </ul>
 */
enum WorkloadKind {
    COPY,
    COUNT,
    REKEY;

    /** The name of the count's store (and of its changelog topic suffix) in both frameworks. */
    static final String COUNT_STORE = "counts";

    /** What the output counter tracks for this kind. */
    OutputProgress newProgress() {
        return this == COUNT ? new OutputProgress.CountTotals() : new OutputProgress.RecordCount();
    }
}
