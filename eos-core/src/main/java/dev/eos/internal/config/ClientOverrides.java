package dev.eos.internal.config;

import dev.eos.EosConfig;
import dev.eos.errors.ConfigException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Kafka client settings of an {@link EosConfig}: keys prefixed {@code consumer.},
 * {@code producer.} or {@code admin.} go to that client without the prefix; unprefixed
 * {@code security.*}, {@code sasl.*} and {@code ssl.*} go to all three, unless the same key is
 * also given with a client's prefix, which then wins for that client. Keys Eos manages itself
 * (they would weaken exactly-once or clash with Eos' own values) and keys that are neither Eos
 * keys nor client settings are refused. The three maps print secret values as {@code [hidden]}.
 *
 * <pre>{@code
 * ClientOverrides o = ClientOverrides.split(Map.of("producer.compression.type", "lz4"));
 * o.producer();   // {compression.type=lz4}
 * }</pre>
 *
 * @param consumer settings for every consumer, restore consumers included
 * @param producer settings for every producer
 * @param admin settings for the admin clients
 */
public record ClientOverrides(Map<String, Object> consumer, Map<String, Object> producer,
                              Map<String, Object> admin) {
    private static final Set<String> SHARED_PREFIXES = Set.of("security.", "sasl.", "ssl.");
    private static final Map<String, String> MANAGED_BY_EOS = Map.ofEntries(
            Map.entry("consumer.group.id", "the group id is application.id; set application.id instead"),
            Map.entry("consumer.group.instance.id",
                    "Eos derives it from instance.id (<instance.id>-<thread index>); set instance.id instead"),
            Map.entry("consumer.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("producer.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("admin.bootstrap.servers", "set the top-level bootstrap.servers instead"),
            Map.entry("consumer.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("producer.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("admin.client.id", "Eos names each client after application.id and its thread; remove it"),
            Map.entry("consumer.enable.auto.commit", "Eos commits offsets inside its transactions; remove it"),
            Map.entry("consumer.isolation.level", "Eos reads read_committed under exactly_once; remove it"),
            Map.entry("consumer.key.deserializer", "records are read as bytes; give serdes in Consumed.with(...)"),
            Map.entry("consumer.value.deserializer", "records are read as bytes; give serdes in Consumed.with(...)"),
            Map.entry("producer.transactional.id", "Eos derives it from application.id and instance.id; remove it"),
            Map.entry("producer.enable.idempotence", "transactions need idempotence; remove it"),
            Map.entry("producer.acks", "transactions need acks=all; remove it"),
            Map.entry("producer.transaction.timeout.ms", "use the top-level transaction.timeout.ms instead"),
            Map.entry("producer.key.serializer", "records are written as bytes; give serdes in Produced.with(...)"),
            Map.entry("producer.value.serializer", "records are written as bytes; give serdes in Produced.with(...)"));

    /**
     * Sorts the settings left after every Eos key was read.
     *
     * @throws ConfigException for a key Eos manages, or one that is neither an Eos key nor a
     *     client setting
     */
    public static ClientOverrides split(Map<String, Object> remaining) {
        Map<String, Object> consumer = new LinkedHashMap<>();
        Map<String, Object> producer = new LinkedHashMap<>();
        Map<String, Object> admin = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : remaining.entrySet()) {
            String key = e.getKey();
            String fix = MANAGED_BY_EOS.get(key);
            if (fix != null) {
                throw new ConfigException(key, e.getValue(), "cannot be set because Eos manages it", fix);
            }
            if (key.startsWith(EosConfig.CONSUMER_PREFIX)) {
                consumer.put(key.substring(EosConfig.CONSUMER_PREFIX.length()), e.getValue());
            } else if (key.startsWith(EosConfig.PRODUCER_PREFIX)) {
                producer.put(key.substring(EosConfig.PRODUCER_PREFIX.length()), e.getValue());
            } else if (key.startsWith(EosConfig.ADMIN_PREFIX)) {
                admin.put(key.substring(EosConfig.ADMIN_PREFIX.length()), e.getValue());
            } else if (SHARED_PREFIXES.stream().anyMatch(key::startsWith)) {
                // A client-prefixed setting of the same key wins, whichever of the two came first.
                consumer.putIfAbsent(key, e.getValue());
                producer.putIfAbsent(key, e.getValue());
                admin.putIfAbsent(key, e.getValue());
            } else {
                throw new ConfigException(key, e.getValue(), "is not an Eos config key",
                        "check the spelling (the constants of EosConfig name every Eos key); Kafka client "
                                + "settings take a consumer., producer. or admin. prefix");
            }
        }
        return new ClientOverrides(SecretHidingMap.copyOf(consumer), SecretHidingMap.copyOf(producer),
                SecretHidingMap.copyOf(admin));
    }
}
