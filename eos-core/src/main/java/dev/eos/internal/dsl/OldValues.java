package dev.eos.internal.dsl;

/**
 * Whether a table node must send its updates' old values, decided while the pipeline is defined:
 * Kafka Streams' {@code sendOldValues}. Only {@code Table.filter} reads old values (to send a
 * tombstone when a key leaves the filtered table); a {@code mapValues} node maps a key's old
 * value only when a filter is below it, directly or through further {@code mapValues}, so its
 * mapper is not called on old values nobody reads (once per update, as in Kafka Streams).
 *
 * <p>A request travels up through the {@code mapValues} nodes to the first node that has old
 * values anyway: a table source, an aggregation or a filter. Requests are made at definition time,
 * which ends with {@code build()}; processors read the flag when they are created, after that.
 */
final class OldValues {
    private final OldValues upstream;
    private boolean requested;

    private OldValues(OldValues upstream) {
        this.upstream = upstream;
    }

    /** For a node that always knows and sends its old values (source, aggregation, filter). */
    static OldValues alwaysSent() {
        OldValues sent = new OldValues(null);
        sent.requested = true;
        return sent;
    }

    /** For a mapValues node below a node with {@code upstream}: sends old values only once requested. */
    static OldValues onRequestFrom(OldValues upstream) {
        return new OldValues(upstream);
    }

    /** A filter (or a node that forwards to one) needs this node's old values, and so its parents'. */
    void request() {
        requested = true;
        if (upstream != null) {
            upstream.request();
        }
    }

    /** Whether this node's updates must carry old values. */
    boolean requested() {
        return requested;
    }
}
