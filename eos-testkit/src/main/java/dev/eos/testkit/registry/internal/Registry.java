package dev.eos.testkit.registry.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import dev.eos.avro.compat.CompatibilityReport;
import dev.eos.avro.compat.CompatibilityRules;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * What the registry does, without HTTP: register, look up, check compatibility, configure.
 * Every change is first written to the {@link SchemaLog} (and acknowledged), then applied to the
 * in-memory {@link RegistryState}, so a registry started later on the same topic serves the
 * same ids. One lock serialises all requests: ids are assigned one at a time.
 *
 * <p>A write that fails or times out has an unknown outcome: it may be in the topic. The request
 * is answered with 500 (clients retry), the memory is marked stale, and the next request first
 * reads the topic to its end again, so the next id is handed out only once we know which ids the
 * topic holds (a retried register of the same schema then gets the id that reached the topic).</p>
 *
 * <p>Semantics follow the Confluent Schema Registry: registering a schema the subject already
 * has returns its id and version; the same schema under another subject gets the same id; a new
 * version must pass the subject's {@link CompatibilityLevel} (default {@code BACKWARD}) against
 * the subject's earlier live versions.
 */
public final class Registry {
    private final RegistryLog log;
    private RegistryState state = new RegistryState();
    /** A write's outcome is unknown: {@link #state} may lack what the topic holds. */
    private boolean stale;
    /** The highest id a write was attempted with: never handed to another schema. */
    private int reservedId;

    private Registry(RegistryLog log) {
        this.log = log;
    }

    /** A registry holding what {@code log}'s topic holds, read to its end. */
    public static Registry load(SchemaLog log) {
        return load((RegistryLog) log);
    }

    static Registry load(RegistryLog log) {
        Registry registry = new Registry(log);
        log.replayInto(registry.state);
        return registry;
    }

    public synchronized SchemaEntry register(String subject, String schemaText, String schemaType) {
        Schema schema = parse(schemaText, schemaType);
        catchUp();
        String canonical = schema.toString();
        TreeMap<Integer, SchemaEntry> live = state.live(subject);
        for (SchemaEntry entry : live.values()) {
            if (entry.canonical().equals(canonical)) {
                return entry;
            }
        }
        CompatibilityLevel level = state.effectiveLevel(subject);
        CompatibilityReport report = CompatibilityRules.check(level, schema, schemas(live));
        if (!report.compatible()) {
            throw new RegistryError(409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (" + level + "): " + report.describe());
        }
        int id = state.idOf(canonical).orElseGet(state::nextId);
        SchemaEntry entry = new SchemaEntry(subject, state.nextVersion(subject), id, schema, false);
        try {
            write(() -> log.writeSchema(entry));
        } finally {
            // should the write reach the topic only after the re-read, the id is still taken
            reservedId = Math.max(reservedId, id);
        }
        state.apply(entry);
        return entry;
    }

    /**
     * Writes one change; if its outcome is unknown, marks the memory stale and answers 500. Step
     * 2 of a request, after {@link #catchUp}.
     */
    private void write(Runnable change) {
        try {
            change.run();
        } catch (RuntimeException e) {
            stale = true;
            throw e instanceof RegistryError r && r.httpStatus() == 500 ? r
                    : new RegistryError(50001, "Could not write to the schemas topic: " + e);
        }
    }

    /**
     * Step 1 of every request after a write whose outcome is unknown: read the topic to its end
     * again, so no id or version that may be there is handed out twice. Still failing: 500.
     */
    private void catchUp() {
        if (!stale) {
            return;
        }
        RegistryState fresh = new RegistryState();
        try {
            log.replayInto(fresh);
        } catch (RuntimeException e) {
            throw new RegistryError(50001, "The schemas topic cannot be read after a failed write; try again: " + e);
        }
        fresh.reserveId(reservedId);
        state = fresh;
        stale = false;
    }

    public synchronized SchemaEntry lookup(String subject, String schemaText, String schemaType) {
        catchUp();
        Schema schema = parse(schemaText, schemaType);
        TreeMap<Integer, SchemaEntry> live = existing(subject);
        String canonical = schema.toString();
        return live.values().stream().filter(e -> e.canonical().equals(canonical)).findFirst()
                .orElseThrow(() -> RegistryError.schemaNotFound("subject '" + subject + "' has no version with this schema"));
    }

    public synchronized Schema schemaById(int id) {
        catchUp();
        return state.schemaById(id).orElseThrow(() -> RegistryError.schemaNotFound("no schema with id " + id));
    }

    public synchronized List<String> subjects() {
        catchUp();
        return state.liveSubjects();
    }

    public synchronized List<Integer> versions(String subject) {
        catchUp();
        return List.copyOf(existing(subject).keySet());
    }

    /** @param version a version number or {@code latest} (also {@code -1}) */
    public synchronized SchemaEntry version(String subject, String version) {
        catchUp();
        TreeMap<Integer, SchemaEntry> live = existing(subject);
        if (isLatest(version)) {
            return live.lastEntry().getValue();
        }
        SchemaEntry entry = live.get(parseVersion(version));
        if (entry == null) {
            throw RegistryError.versionNotFound(subject, version);
        }
        return entry;
    }

    /** Soft-deletes every live version; ids still resolve. Returns the versions deleted. */
    public synchronized List<Integer> deleteSubject(String subject) {
        catchUp();
        TreeMap<Integer, SchemaEntry> live = existing(subject);
        for (SchemaEntry entry : live.values()) {
            SchemaEntry deleted = entry.asDeleted();
            write(() -> log.writeSchema(deleted));
            state.apply(deleted);
        }
        return List.copyOf(live.keySet());
    }

    /**
     * Checks {@code schemaText} under the subject's level against one version, or against
     * {@code latest}: the versions the level looks at (all of them for a transitive level).
     */
    public synchronized CompatibilityReport testCompatibility(String subject, String version, String schemaText,
                                                              String schemaType) {
        catchUp();
        Schema schema = parse(schemaText, schemaType);
        CompatibilityLevel level = state.effectiveLevel(subject);
        if (isLatest(version)) {
            return CompatibilityRules.check(level, schema, schemas(state.live(subject)));
        }
        SchemaEntry against = version(subject, version);
        return CompatibilityRules.check(level, schema, Map.of(against.version(), against.schema()));
    }

    public synchronized CompatibilityLevel globalLevel() {
        catchUp();
        return state.globalLevel();
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        catchUp();
        return state.subjectLevel(subject);
    }

    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        catchUp();
        return state.effectiveLevel(subject);
    }

    /** @param subject null for the global level */
    public synchronized void setLevel(String subject, CompatibilityLevel level) {
        catchUp();
        write(() -> log.writeConfig(subject, level));
        state.applyConfig(subject, level);
    }

    private TreeMap<Integer, SchemaEntry> existing(String subject) {
        TreeMap<Integer, SchemaEntry> live = state.live(subject);
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
    }

    private static Map<Integer, Schema> schemas(TreeMap<Integer, SchemaEntry> entries) {
        Map<Integer, Schema> schemas = new HashMap<>();
        entries.forEach((v, e) -> schemas.put(v, e.schema()));
        return schemas;
    }

    private static boolean isLatest(String version) {
        return "latest".equalsIgnoreCase(version) || "-1".equals(version);
    }

    private static int parseVersion(String version) {
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new RegistryError(42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static Schema parse(String schemaText, String schemaType) {
        if (schemaType != null && !schemaType.equalsIgnoreCase("AVRO")) {
            throw new RegistryError(42201, "Invalid schema: schemaType " + schemaType
                    + " is not supported by the embedded registry; only AVRO is");
        }
        if (schemaText == null || schemaText.isBlank()) {
            throw new RegistryError(42201, "Invalid schema: the request has no \"schema\" field");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException e) {
            throw new RegistryError(42201, "Invalid schema: " + e.getMessage());
        }
    }
}
