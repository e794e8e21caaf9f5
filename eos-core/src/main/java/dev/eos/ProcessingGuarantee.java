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
    /**
     * No transactions: an idempotent producer with {@code acks=all}, and consumed offsets
     * committed only after every output of the records before them was acknowledged. After a
     * crash, an abort or a rebalance, input is processed again, so duplicates are possible; loss
     * is not. Output is visible at once. Pair it with idempotent sinks (upserts by key or event id).
     */
    AT_LEAST_ONCE
}
