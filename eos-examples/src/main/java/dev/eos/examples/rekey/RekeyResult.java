package dev.eos.examples.rekey;

import dev.eos.testkit.verify.VerificationReport;

/**
 * What a run of {@link RekeyJob} found.
 *
 * @param source records per partition of the source topic
 * @param target records per partition of the target topic written by this run
 * @param verification the exactly-once verification of the target against the source
 * @param placement every unit in one target partition, in source order
 * @param badRecords source records without a usable key (not JSON, field missing)
 * @param deadLettered records this run wrote to the dead-letter topic
 * @param expectDeadLetters whether the bad records should be in the dead-letter topic
 */
record RekeyResult(PartitionCounts source, PartitionCounts target, VerificationReport verification,
                   PlacementCheck placement, long badRecords, long deadLettered, boolean expectDeadLetters) {

    boolean ok() {
        return verification.isExactlyOnce() && placement.ok() && deadLettered == (expectDeadLetters ? badRecords : 0);
    }

    /** {@code VERIFIED: in N, out N, duplicates 0, missing 0 (...)}, or {@code FAILED: ...}. */
    String verificationLine(String deadLetterTopic) {
        VerificationReport v = verification;
        String bad = badRecords == 0 ? "no bad records"
                : expectDeadLetters ? badRecords + " bad records, " + deadLettered + " dead-lettered to " + deadLetterTopic
                : badRecords + " bad records skipped";
        return (ok() ? "VERIFIED: " : "FAILED: ") + "in " + v.recordsIn() + ", out " + v.recordsOut() + ", duplicates "
                + v.duplicates() + ", missing " + v.missing() + " (" + bad + "; unexpected " + v.unexpected()
                + ", order violations " + v.orderViolations() + ")";
    }
}
