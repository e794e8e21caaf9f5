package dev.eos.internal.dsl;

/**
 * One update of a table, as a table-producing node forwards it to the table's operators: the
 * key's new value and the value it had before (either may be null: no value). It is Kafka
 * Streams' {@code Change<V>}; {@code toStream()} turns it back into the new value, so users
 * never see it. Every Eos table is materialized, so the old value is always known; a
 * {@code mapValues} node forwards it as null unless a filter below needs it ({@link OldValues}).
 */
record Change<V>(V newValue, V oldValue) {
}
