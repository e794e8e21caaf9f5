package dev.eos.testkit.verify;

import java.util.List;

/**
 * What {@link ExactlyOnceVerifier} found: counts and the first few problems in readable form.
 *
 * <pre>{@code
 * VerificationReport r = ExactlyOnceVerifier.verify(expected, actual);
 * System.out.println(r.summaryLine());   // records in 1000, records out 1000, duplicates 0, missing 0
 * assertTrue(r.isExactlyOnce(), r::describe);
 * }</pre>
 *
 * @param recordsIn input records the pipeline was given
 * @param expectedOut outputs the pipeline should have produced
 * @param recordsOut outputs committed
 * @param duplicates outputs committed more than expected
 * @param missing expected outputs not committed
 * @param unexpected committed outputs that no input should have produced
 * @param orderViolations keys whose outputs were committed out of their expected order
 * @param problems the first problems, one line each
 */
public record VerificationReport(long recordsIn, long expectedOut, long recordsOut, long duplicates, long missing,
                                 long unexpected, long orderViolations, List<String> problems) {

    /** Every expected output exactly once, nothing else, per-key order kept. */
    public boolean isExactlyOnce() {
        return duplicates == 0 && missing == 0 && unexpected == 0 && orderViolations == 0;
    }

    public String summaryLine() {
        return "records in " + recordsIn + ", records out " + recordsOut + ", duplicates " + duplicates
                + ", missing " + missing + ", unexpected " + unexpected + ", order violations " + orderViolations;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder(summaryLine());
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
