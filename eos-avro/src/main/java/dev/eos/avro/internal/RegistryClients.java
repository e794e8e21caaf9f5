package dev.eos.avro.internal;

import dev.eos.avro.AvroSerdeConfig;
import dev.eos.avro.registry.SchemaRegistryClient;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/** The client a serde uses: given, shared through the config map, or its own (then closed with it). */
public record RegistryClients(SchemaRegistryClient client, boolean owned) {

    public static RegistryClients of(SchemaRegistryClient given, AvroSerdeConfig config) {
        if (given != null) {
            return new RegistryClients(given, false);
        }
        return new RegistryClients(SchemaRegistryClient.create(config.registry().orElseThrow(() ->
                new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is not set and no SchemaRegistryClient "
                        + "was given; set it to the registry's URL, for example http://localhost:8081"))), true);
    }

    public static RegistryClients fromMap(Map<String, ?> configs, AvroSerdeConfig config) {
        Object instance = configs.get(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE);
        if (instance != null && !(instance instanceof SchemaRegistryClient)) {
            throw new ConfigException(AvroSerdeConfig.SCHEMA_REGISTRY_CLIENT_INSTANCE + " holds a "
                    + instance.getClass().getName() + "; put a SchemaRegistryClient instance there, or leave it out");
        }
        return of((SchemaRegistryClient) instance, config);
    }

    public void closeIfOwned() {
        if (owned) {
            client.close();
        }
    }
}
