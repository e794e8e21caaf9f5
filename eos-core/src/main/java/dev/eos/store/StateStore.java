package dev.eos.store;

/** A named store of one task. See {@link KeyValueStore} and {@link WindowStore}. */
public interface StateStore {
    /** The name given in {@link Stores} or {@code Materialized.as(name)}. */
    String name();
}
