package dev.eos.avro.internal;

import org.apache.kafka.common.config.ConfigException;

/** The check that a serde made by class name was configured before use. */
public final class Configured {

    private Configured() {
    }

    public static <T> T check(T core, Object owner) {
        if (core == null) {
            throw new ConfigException(owner.getClass().getSimpleName() + " was made with its no-arg constructor and "
                    + "not configured; call configure(configs, isKey) with schema.registry.url set, or build it "
                    + "with an AvroSerdeConfig");
        }
        return core;
    }
}
