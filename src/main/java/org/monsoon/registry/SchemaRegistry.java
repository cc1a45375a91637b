package org.monsoon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The embedded registry's state and rules, independent of HTTP: subjects with their versions, global
 * ids shared by identical schemas, and compatibility levels. Every change is first appended to the
 * {@link SchemaStore}, then applied, so the state is always the replay of the store.
 */
public final class SchemaRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaStore store;
    private final Map<String, List<RegisteredSchema>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    public SchemaRegistry(SchemaStore store) {
        this.store = store;
        store.replay(this::apply);
    }

    /** Registers a schema under a subject; the same schema again returns the same id (idempotent). */
    public synchronized int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        Optional<RegisteredSchema> existing = find(subject, canonical);
        if (existing.isPresent()) {
            return existing.get().id();
        }
        List<String> violations = violations(subject, schema, effectiveLevel(subject));
        if (!violations.isEmpty()) {
            throw new SchemaRegistryException(
                    409,
                    SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema being registered is incompatible with an earlier schema for subject '" + subject + "' ("
                            + effectiveLevel(subject) + "): " + String.join("; ", violations));
        }
        int id = idsBySchema.getOrDefault(canonical, schemasById.size() + 1);
        List<RegisteredSchema> versions = subjects.getOrDefault(subject, List.of());
        int version = versions.isEmpty() ? 1 : versions.get(versions.size() - 1).version() + 1;
        ObjectNode key = JSON.createObjectNode()
                .put("keytype", "SCHEMA")
                .put("subject", subject)
                .put("version", version);
        ObjectNode value = JSON.createObjectNode()
                .put("subject", subject)
                .put("version", version)
                .put("id", id)
                .put("schema", canonical);
        commit(key, value);
        return id;
    }

    /** The registration of {@code schemaText} under {@code subject}, or 40401 / 40403. */
    public synchronized RegisteredSchema lookup(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        requireSubject(subject);
        return find(subject, schema.toString())
                .orElseThrow(() -> SchemaRegistryException.schemaNotFound("under subject '" + subject + "'"));
    }

    public synchronized List<String> subjects() {
        return new ArrayList<>(subjects.keySet());
    }

    public synchronized List<Integer> versions(String subject) {
        return requireSubject(subject).stream().map(RegisteredSchema::version).toList();
    }

    /** A version by number or {@code latest}; 42202 for a malformed version, 40401 / 40402 when absent. */
    public synchronized RegisteredSchema version(String subject, String version) {
        List<RegisteredSchema> versions = requireSubject(subject);
        if ("latest".equals(version) || "-1".equals(version)) {
            return versions.get(versions.size() - 1);
        }
        int number = parseVersion(version);
        return versions.stream()
                .filter(v -> v.version() == number)
                .findFirst()
                .orElseThrow(() -> SchemaRegistryException.versionNotFound(subject, version));
    }

    public synchronized String schemaById(int id) {
        String schema = schemasById.get(id);
        if (schema == null) {
            throw SchemaRegistryException.schemaNotFound("with id " + id);
        }
        return schema;
    }

    /** Incompatibilities of {@code schemaText} against a version (or latest) of a subject; empty if compatible. */
    public synchronized List<String> compatibility(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        if ("latest".equals(version) && !subjects.containsKey(subject)) {
            return List.of();
        }
        RegisteredSchema against = version(subject, version);
        return effectiveLevel(subject).violations(schema, List.of(parse(against.schema())));
    }

    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    /** The subject's own level, if one was set. */
    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** Sets the level of a subject, or the global level when subject is null. */
    public synchronized CompatibilityLevel setLevel(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", subject);
        commit(key, JSON.createObjectNode().put("compatibilityLevel", parsed.name()));
        return parsed;
    }

    private CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }

    private List<String> violations(String subject, Schema schema, CompatibilityLevel level) {
        List<Schema> previous = subjects.getOrDefault(subject, List.of()).stream()
                .map(r -> parse(r.schema()))
                .toList();
        return level.violations(schema, previous);
    }

    private Optional<RegisteredSchema> find(String subject, String canonical) {
        return subjects.getOrDefault(subject, List.of()).stream()
                .filter(r -> r.schema().equals(canonical))
                .findFirst();
    }

    private List<RegisteredSchema> requireSubject(String subject) {
        List<RegisteredSchema> versions = subjects.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.subjectNotFound(subject);
        }
        return versions;
    }

    private void commit(ObjectNode key, ObjectNode value) {
        store.append(key.toString(), value.toString());
        apply(key.toString(), value.toString());
    }

    private void apply(String keyText, String valueText) {
        try {
            JsonNode key = JSON.readTree(keyText);
            JsonNode value = valueText == null ? null : JSON.readTree(valueText);
            if (value == null) {
                return; // tombstones: deletion is not part of the supported API subset
            }
            if ("SCHEMA".equals(key.path("keytype").asText())) {
                RegisteredSchema r = new RegisteredSchema(
                        value.path("subject").asText(),
                        value.path("version").asInt(),
                        value.path("id").asInt(),
                        value.path("schema").asText());
                subjects.computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r);
                schemasById.put(r.id(), r.schema());
                idsBySchema.put(r.schema(), r.id());
            } else if ("CONFIG".equals(key.path("keytype").asText())) {
                CompatibilityLevel level = CompatibilityLevel.parse(
                        value.path("compatibilityLevel").asText());
                if (key.path("subject").isTextual()) {
                    subjectLevels.put(key.path("subject").asText(), level);
                } else {
                    globalLevel = level;
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Corrupt schema store record " + keyText, e);
        }
    }

    private static int parseVersion(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the registry's own error
        }
        throw new SchemaRegistryException(
                422,
                SchemaRegistryException.INVALID_VERSION,
                "The specified version '" + version + "' is not a valid version id. Allowed values are between "
                        + "[1, 2^31-1] and the string \"latest\"");
    }

    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (SchemaParseException | NullPointerException | IllegalArgumentException e) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }
}
