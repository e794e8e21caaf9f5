package dev.eos.testkit.differential;

/**
 * Every deliberate difference between Eos and Kafka Streams that the random differential
 * property knows, in one place, each with its reason and how the property treats it: the
 * generator avoids the construct, or the comparison excuses exactly that case. Nothing else may
 * differ. docs/concepts/differences-from-kafka-streams.md lists the same entries for users.
 */
enum DeliberateDifference {
    /**
     * Kafka Streams' {@code KTable.filter} on a table source that is not materialized
     * ({@code builder.table(topic)} without {@code Materialized}) has no old value to compare
     * against, so it sends a tombstone for every update that does not match, also for keys that
     * never matched. Eos tables are always materialized and behave as Kafka Streams does with a
     * materialized parent: a tombstone only for a key that stops matching. Avoided: the
     * generator builds Kafka Streams table sources with {@code Materialized.as(...)}
     * ({@link BuildContext#tableSource()}).
     */
    TABLE_FILTER_ON_UNMATERIALIZED_SOURCE(Treatment.AVOIDED_BY_THE_GENERATOR),

    /**
     * Kafka Streams' {@code TimeWindowedSerde} writes a windowed key as key bytes and window
     * start; Eos's {@code WindowedSerde} also writes the window end, so that a reader needs no
     * window size. Avoided: the generator turns windowed keys into strings
     * ({@code key@[start,end)}) with the same function on both sides before writing them
     * ({@link Step.Aggregate}), so the property compares windows, not serdes.
     */
    WINDOWED_KEY_FORMAT(Treatment.AVOIDED_BY_THE_GENERATOR),

    /**
     * A windowed aggregation closes windows on the stream time it has observed, in both. Kafka
     * Streams keeps that time in memory and starts it again from nothing after a restart, so a
     * replay may aggregate records the first run dropped as late; Eos commits it with the offsets
     * and rolls it back on abort, so a replay closes the same windows. Outside the property: it
     * never restarts, and without a restart both agree. Pinned by
     * {@code WindowsCloseOnTheTimeTheAggregationSawTest#aRecordTheAggregationSaw_shouldCloseTheWindowAndKeepItClosedAfterACrash}.
     */
    WINDOW_CLOCK_SURVIVES_RESTARTS(Treatment.OUTSIDE_THE_PROPERTY);

    // Add each new deliberate difference here, with its reason and its treatment, and list it in
    // docs/concepts/differences-from-kafka-streams.md. The comparison excuses nothing yet: an
    // EXCUSED_BY_THE_COMPARISON entry needs a filter of the outcomes in Trial, which exactly that
    // case passes.

    /** How the property keeps a deliberate difference from failing it. */
    enum Treatment {
        /** The generator never builds the construct. */
        AVOIDED_BY_THE_GENERATOR,
        /** The comparison excuses exactly the records the difference explains. */
        EXCUSED_BY_THE_COMPARISON,
        /** The property never reaches it (it shows only across restarts); a test of its own pins it. */
        OUTSIDE_THE_PROPERTY
    }

    private final Treatment treatment;

    DeliberateDifference(Treatment treatment) {
        this.treatment = treatment;
    }

    Treatment treatment() {
        return treatment;
    }
}
