package dev.eos;

/**
 * What Eos promises about each input record's effect; config key {@code processing.guarantee}.
 *
 * <pre>{@code
 * EosConfig.builder().applicationId("orders").bootstrapServers("localhost:9092")
 *         .set(EosConfig.PROCESSING_GUARANTEE, "exactly_once").build();
 * }</pre>
 */
public enum ProcessingGuarantee {
    /**
     * Outputs, state changes and consumed offsets are committed in one Kafka transaction: each
     * input's effect is visible to read_committed readers exactly once. The default.
     */
    EXACTLY_ONCE,
    /** No transactions; duplicates are possible after a crash, loss is not. Not available yet. */
    AT_LEAST_ONCE
}
