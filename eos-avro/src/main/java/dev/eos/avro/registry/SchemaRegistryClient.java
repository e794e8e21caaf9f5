package dev.eos.avro.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.registry.internal.IncompatibilityExplainer;
import dev.eos.avro.registry.internal.RegistryJson;
import dev.eos.avro.registry.internal.RegistryTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent Schema Registry REST API, as served by Confluent Schema
 * Registry, Apicurio Registry ({@code /apis/ccompat/v7}) and Karapace. Thread-safe; share one per
 * registry between serdes.
 *
 * <pre>{@code
 * try (SchemaRegistryClient client = SchemaRegistryClient.create(
 *         SchemaRegistryClientConfig.builder().urls("http://localhost:8081").build())) {
 *     int id = client.register("orders-value", orderSchema);
 *     Schema again = client.schemaById(id);
 * }
 * }</pre>
 *
 * <p>Caches: schema by id and id by (subject, schema) for the client's life (both are immutable in
 * a registry), a subject's latest version for {@code latest.cache.ttl.sec}. A schema object seen
 * before is found at once: Avro caches its hash and compares the same object by reference.
 *
 * <p>Errors: {@link SchemaRegistryUnavailableException} (retriable) when no URL answers after the
 * retries; {@link IncompatibleSchemaException} when a register is refused for compatibility;
 * {@link SchemaRegistryException} for every other error answer.
 */
public final class SchemaRegistryClient implements AutoCloseable {
    private final RegistryTransport transport;
    private final SchemaRegistryClientConfig config;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<String, Latest> latestBySubject = new ConcurrentHashMap<>();

    private record Latest(RegisteredSchema schema, long expiresAtNanos) {
    }

    private SchemaRegistryClient(SchemaRegistryClientConfig config, RegistryTransport transport) {
        this.config = config;
        this.transport = transport;
    }

    public static SchemaRegistryClient create(SchemaRegistryClientConfig config) {
        return new SchemaRegistryClient(config, new RegistryTransport(config));
    }

    public SchemaRegistryClientConfig config() {
        return config;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it already there) and returns its id.
     *
     * @throws IncompatibleSchemaException the subject's compatibility rule refuses it
     */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + RegistryJson.segment(subject) + "/versions";
        JsonNode answer;
        try {
            answer = transport.post(path, RegistryJson.schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.status() == 409) {
                throw IncompatibilityExplainer.explain(this, subject, schema, e);
            }
            throw e;
        }
        int id = idIn(answer, "POST", path);
        latestBySubject.remove(subject);
        remember(subject, schema, id);
        return id;
    }

    /**
     * The id of {@code schema} already registered under {@code subject} (POST /subjects/{subject}).
     *
     * @throws SchemaRegistryException error code 40401 (subject) or 40403 (schema) when it is not registered
     */
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        String path = "/subjects/" + RegistryJson.segment(subject);
        JsonNode answer = transport.post(path, RegistryJson.schemaBody(schema));
        int id = idIn(answer, "POST", path);
        remember(subject, schema, id);
        return id;
    }

    /** @throws SchemaRegistryException error code 40403 when the registry has no such id */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        String path = "/schemas/ids/" + id;
        Schema schema = RegistryJson.parseSchema(transport.get(path), transport.describe(path));
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    /** The subject's newest version, cached for {@code latest.cache.ttl.sec}. */
    public RegisteredSchema latestVersion(String subject) {
        long ttl = config.latestCacheTtl().toNanos();
        Latest cached = latestBySubject.get(subject);
        if (cached != null && (ttl < 0 || System.nanoTime() - cached.expiresAtNanos < 0)) {
            return cached.schema;
        }
        RegisteredSchema latest = fetchVersion(subject, "latest");
        if (ttl != 0) {
            latestBySubject.put(subject, new Latest(latest, System.nanoTime() + ttl));
        }
        return latest;
    }

    public RegisteredSchema version(String subject, int version) {
        return fetchVersion(subject, Integer.toString(version));
    }

    public List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        transport.get("/subjects/" + RegistryJson.segment(subject) + "/versions").forEach(v -> versions.add(v.asInt()));
        return List.copyOf(versions);
    }

    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        transport.get("/subjects").forEach(s -> subjects.add(s.asText()));
        return List.copyOf(subjects);
    }

    /** Whether {@code schema} may be registered under {@code subject}; true when the subject has no versions. */
    public boolean isCompatible(String subject, Schema schema) {
        return checkCompatibility(subject, schema).compatible();
    }

    /** Like {@link #isCompatible}, with the registry's reasons (asks for {@code verbose=true}). */
    public CompatibilityVerdict checkCompatibility(String subject, Schema schema) {
        JsonNode answer;
        try {
            answer = transport.post("/compatibility/subjects/" + RegistryJson.segment(subject)
                    + "/versions/latest?verbose=true", RegistryJson.schemaBody(schema));
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == SchemaRegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == SchemaRegistryException.VERSION_NOT_FOUND) {
                return new CompatibilityVerdict(true, List.of());
            }
            throw e;
        }
        List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityVerdict(answer.path("is_compatible").asBoolean(false), messages);
    }

    /** The subject's own level, or the registry's global one when the subject has none. */
    public CompatibilityLevel compatibility(String subject) {
        JsonNode answer;
        try {
            answer = transport.get("/config/" + RegistryJson.segment(subject) + "?defaultToGlobal=true");
        } catch (SchemaRegistryException e) {
            if (e.status() != 404) {
                throw e;
            }
            answer = transport.get("/config");
        }
        return level(answer);
    }

    /** The registry's global level. */
    public CompatibilityLevel globalCompatibility() {
        return level(transport.get("/config"));
    }

    public void setCompatibility(String subject, CompatibilityLevel level) {
        transport.put("/config/" + RegistryJson.segment(subject), RegistryJson.compatibilityBody(level.name()));
    }

    public void setGlobalCompatibility(CompatibilityLevel level) {
        transport.put("/config", RegistryJson.compatibilityBody(level.name()));
    }

    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient" + config.urls();
    }

    private RegisteredSchema fetchVersion(String subject, String version) {
        String path = "/subjects/" + RegistryJson.segment(subject) + "/versions/" + version;
        RegisteredSchema found = RegistryJson.registered(subject, transport.get(path), transport.describe(path));
        schemasById.putIfAbsent(found.id(), found.schema());
        return found;
    }

    private int idIn(JsonNode answer, String method, String path) {
        JsonNode id = answer.get("id");
        if (id == null || !id.canConvertToInt()) {
            throw new SchemaRegistryException("The schema registry's answer to " + method + " "
                    + transport.describe(path) + " has no id: " + answer, 200, 0, answer.toString(),
                    transport.describe(path));
        }
        return id.asInt();
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private static CompatibilityLevel level(JsonNode answer) {
        JsonNode level = answer.hasNonNull("compatibilityLevel") ? answer.get("compatibilityLevel") : answer.get("compatibility");
        return CompatibilityLevel.parse(level == null ? null : level.asText());
    }
}
