package dev.eos.testkit.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.apicurio.registry.serde.Default4ByteIdHandler;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.apicurio.registry.serde.avro.AvroSerde;
import io.apicurio.registry.serde.config.IdOption;
import io.apicurio.registry.serde.config.SerdeConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;

/**
 * Apicurio's own Avro serde (Maven Central: {@code io.apicurio:apicurio-registry-avro-serde-kafka})
 * set up to agree with Eos's serdes on the Confluent wire format, and a look at Apicurio's own
 * API for what the ccompat API hides (a version's global id).
 *
 * <p><b>How the ids agree.</b> Apicurio Registry 3 gives every schema version a <em>global id</em>
 * and every distinct schema text a <em>content id</em>. Its ccompat API ({@code /apis/ccompat/v7},
 * what Eos's client speaks) answers {@code {"id": N}} on register and serves
 * {@code /schemas/ids/N} with content ids (the registry's default,
 * {@code apicurio.ccompat.legacy-id-mode.enabled=false}). Apicurio's serde v3 writes the
 * Confluent framing (magic byte 0, 4-byte id; {@link Default4ByteIdHandler}) with the content id
 * by default. So the defaults agree; the settings below only say so explicitly:
 * <pre>
 * apicurio.registry.id-handler = io.apicurio.registry.serde.Default4ByteIdHandler
 * apicurio.registry.use-id     = contentId
 * </pre>
 * With {@code use-id=globalId} Apicurio's serde writes ids that Eos (and any Confluent client)
 * would resolve to another schema or to none: the two numbers part as soon as one schema text is
 * registered under two subjects (one content, two versions).
 */
final class ApicurioSerdes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ApicurioSerdes() {
    }

    /** Apicurio serde settings: its v3 API, the Confluent framing with content ids, auto-register or not. */
    static Map<String, Object> config(ApicurioRegistryProcess registry, boolean autoRegister) {
        Map<String, Object> config = new HashMap<>();
        config.put(SerdeConfig.REGISTRY_URL, registry.coreUrl());
        config.put(SerdeConfig.ID_HANDLER, Default4ByteIdHandler.class.getName());
        config.put(SerdeConfig.USE_ID, IdOption.contentId.name());
        config.put(SerdeConfig.AUTO_REGISTER_ARTIFACT, autoRegister);
        return config;
    }

    static AvroKafkaSerializer<GenericRecord> valueSerializer(ApicurioRegistryProcess registry, boolean autoRegister) {
        AvroKafkaSerializer<GenericRecord> serializer = new AvroKafkaSerializer<>();
        serializer.configure(config(registry, autoRegister), false);
        return serializer;
    }

    static AvroKafkaDeserializer<GenericRecord> valueDeserializer(ApicurioRegistryProcess registry) {
        AvroKafkaDeserializer<GenericRecord> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(config(registry, false), false);
        return deserializer;
    }

    static AvroSerde<GenericRecord> valueSerde(ApicurioRegistryProcess registry, boolean autoRegister) {
        AvroSerde<GenericRecord> serde = new AvroSerde<>();
        serde.configure(config(registry, autoRegister), false);
        return serde;
    }

    /**
     * The global id of the newest version of a ccompat subject (an artifact of Apicurio's group
     * {@code default}), read from Apicurio's own API: the id the ccompat API does not show.
     */
    static long globalIdOfLatest(ApicurioRegistryProcess registry, String subject) throws IOException, InterruptedException {
        URI uri = URI.create(registry.coreUrl() + "/groups/default/artifacts/"
                + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions/branch=latest");
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + answer.statusCode() + ": " + answer.body());
        }
        JsonNode version = JSON.readTree(answer.body());
        return version.path("globalId").asLong(-1);
    }
}
