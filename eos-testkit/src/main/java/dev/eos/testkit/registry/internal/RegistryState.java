package dev.eos.testkit.registry.internal;

import dev.eos.avro.compat.CompatibilityLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * The registry's state in memory, rebuilt from the schemas topic and changed only by
 * {@link #apply(SchemaEntry)} and {@link #applyConfig(String, CompatibilityLevel)}: the same
 * events that are written to the topic. Not thread-safe; {@link Registry} serialises access.
 */
final class RegistryState {
    private final Map<String, TreeMap<Integer, SchemaEntry>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    /** An id that may be taken in the topic, though not applied here: {@link #nextId} skips it. */
    void reserveId(int id) {
        maxId = Math.max(maxId, id);
    }

    void apply(SchemaEntry entry) {
        subjects.computeIfAbsent(entry.subject(), s -> new TreeMap<>()).put(entry.version(), entry);
        schemasById.putIfAbsent(entry.id(), entry.schema());
        idsByCanonical.putIfAbsent(entry.canonical(), entry.id());
        maxId = Math.max(maxId, entry.id());
    }

    /** {@code subject} null: the global level; {@code level} null: the subject's level removed. */
    void applyConfig(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    /** The live (not deleted) versions of a subject, by version; empty if none. */
    TreeMap<Integer, SchemaEntry> live(String subject) {
        TreeMap<Integer, SchemaEntry> live = new TreeMap<>();
        subjects.getOrDefault(subject, new TreeMap<>()).forEach((v, e) -> {
            if (!e.deleted()) {
                live.put(v, e);
            }
        });
        return live;
    }

    List<SchemaEntry> all(String subject) {
        return new ArrayList<>(subjects.getOrDefault(subject, new TreeMap<>()).values());
    }

    List<String> liveSubjects() {
        return subjects.keySet().stream().filter(s -> !live(s).isEmpty()).toList();
    }

    int nextVersion(String subject) {
        TreeMap<Integer, SchemaEntry> all = subjects.get(subject);
        return all == null || all.isEmpty() ? 1 : all.lastKey() + 1;
    }

    Optional<Integer> idOf(String canonical) {
        return Optional.ofNullable(idsByCanonical.get(canonical));
    }

    int nextId() {
        return maxId + 1;
    }

    Optional<Schema> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
