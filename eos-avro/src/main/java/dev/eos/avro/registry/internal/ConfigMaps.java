package dev.eos.avro.registry.internal;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** Reads values from a Kafka-style config map; a key without the prefix is also looked up with it. */
public final class ConfigMaps {
    private static final String PREFIX = "schema.registry.";

    private ConfigMaps() {
    }

    public static String string(Map<String, ?> configs, String key) {
        Object v = configs.get(key);
        if (v == null && !key.startsWith(PREFIX)) {
            v = configs.get(PREFIX + key);
        }
        if (v == null) {
            return null;
        }
        if (v instanceof Password p) {
            return p.value();
        }
        if (v instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        String s = String.valueOf(v).trim();
        return s.isEmpty() ? null : s;
    }

    public static Long number(Map<String, ?> configs, String key) {
        String s = string(configs, key);
        if (s == null) {
            return null;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new ConfigException(key + "=" + s + " is not a whole number");
        }
    }
}
