package org.monsoon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, so Monsoon works against Confluent Schema
 * Registry, Apicurio's ccompat API, Karapace, Redpanda or its own embedded registry.
 *
 * <p>Ids are immutable in that API, so schemas by id and ids by (subject, schema) are cached for the
 * life of the client; "latest" lookups are not, since they change when a producer registers a version.
 * Several comma-separated URLs may be given: the next one is tried when one cannot be reached.
 */
public final class SchemaRegistryClient {
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> baseUris = new ArrayList<>();
    private final Optional<String> authorization;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    /** subject to schema to id; Avro caches a Schema's hash, so lookups do not re-serialise it. */
    private final Map<String, Map<Schema, Integer>> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    /** subject to the ids known to be versions of it. */
    private final Map<String, java.util.Set<Integer>> verifiedIds = new ConcurrentHashMap<>();

    /**
     * @param urls comma-separated base URLs
     * @param userInfo {@code user:password} for HTTP basic auth, or null
     */
    public SchemaRegistryClient(String urls, String userInfo) {
        if (urls == null || urls.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        for (String url : urls.split(",")) {
            String trimmed = url.trim();
            baseUris.add(URI.create(trimmed.endsWith("/") ? trimmed : trimmed + "/"));
        }
        this.authorization = Optional.ofNullable(userInfo)
                .filter(s -> !s.isBlank())
                .map(u -> "Basic " + Base64.getEncoder().encodeToString(u.getBytes(StandardCharsets.UTF_8)));
        this.http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubjectAndSchema.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = ids.get(schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = answer.path("id").asInt();
        ids.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** Looks up an already registered schema under {@code subject}, without registering it. */
    public RegisteredSchema lookup(String subject, Schema schema) {
        JsonNode answer = call("POST", "subjects/" + encode(subject), schemaBody(schema));
        RegisteredSchema found = toRegistered(answer, subject);
        idsBySubjectAndSchema
                .computeIfAbsent(subject, s -> new ConcurrentHashMap<>())
                .put(schema, found.id());
        return found;
    }

    /**
     * Whether the schema with global id {@code id} is registered under {@code subject}: a producer may
     * only use its own topic's schemas, not any id the registry knows. Positive answers are cached, since
     * a registered version stays registered; negative ones are asked again, since it may be registered
     * later.
     *
     * @throws SchemaRegistryException when the id is unknown or the registry cannot answer
     */
    public boolean isVersionOf(String subject, int id) {
        java.util.Set<Integer> verified = verifiedIds.computeIfAbsent(subject, s -> ConcurrentHashMap.newKeySet());
        if (verified.contains(id)) {
            return true;
        }
        Schema schema = schemaById(id);
        try {
            lookup(subject, schema);
        } catch (SchemaRegistryException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
        verified.add(id);
        return true;
    }

    /** The schema with global id {@code id}; cached, since ids never change. */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "schemas/ids/" + id, null);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.INVALID_SCHEMA,
                    "Schema id " + id + " is of type " + type + ", not AVRO");
        }
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    /** The latest version under {@code subject}; not cached. */
    public RegisteredSchema latest(String subject) {
        return version(subject, "latest");
    }

    /** A version ({@code 1..n} or {@code latest}) under {@code subject}. */
    public RegisteredSchema version(String subject, String version) {
        return toRegistered(call("GET", "subjects/" + encode(subject) + "/versions/" + version, null), subject);
    }

    /** All subjects. */
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        call("GET", "subjects", null).forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Whether {@code schema} is compatible with the latest version under {@code subject}. */
    public boolean isCompatible(String subject, Schema schema) {
        return call("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema))
                .path("is_compatible")
                .asBoolean();
    }

    /** Whether the registry answers (GET /config) within {@code timeout}; the reason when it does not. */
    public Optional<String> ping(Duration timeout) {
        for (URI base : baseUris) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("config"))
                    .timeout(timeout)
                    .GET();
            authorization.ifPresent(a -> request.header("Authorization", a));
            try {
                HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Optional.empty();
                }
                return Optional.of("schema registry answered HTTP " + response.statusCode());
            } catch (IOException e) {
                // try the next URL
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted");
            }
        }
        return Optional.of("schema registry unreachable at " + baseUris);
    }

    /** Sets the compatibility level of a subject, or the global one when subject is null. */
    public void setCompatibility(String subject, String level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level);
        call("PUT", subject == null ? "config" : "config/" + encode(subject), body);
    }

    private RegisteredSchema toRegistered(JsonNode answer, String subject) {
        Schema schema = new Schema.Parser().parse(answer.path("schema").asText());
        int id = answer.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(
                answer.path("subject").asText(subject), answer.path("version").asInt(), id, schema.toString());
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode call(String method, String path, JsonNode body) {
        IOException lastFailure = null;
        for (URI base : baseUris) {
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", MEDIA_TYPE + ", application/json");
            authorization.ifPresent(a -> request.header("Authorization", a));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", MEDIA_TYPE);
                request.method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return parse(response, method, path);
            } catch (IOException e) {
                lastFailure = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException(503, 50003, "Interrupted calling the schema registry", e);
            }
        }
        throw new SchemaRegistryException(
                503, 50003, "Schema registry unreachable at " + baseUris + ": " + lastFailure, lastFailure);
    }

    private static JsonNode parse(HttpResponse<String> response, String method, String path) throws IOException {
        JsonNode json =
                response.body() == null || response.body().isBlank() ? JSON.nullNode() : JSON.readTree(response.body());
        if (response.statusCode() / 100 == 2) {
            return json;
        }
        int errorCode = json.path("error_code").asInt(response.statusCode());
        String message = json.path("message").asText("HTTP " + response.statusCode());
        throw new SchemaRegistryException(
                response.statusCode(),
                errorCode,
                method + " /" + path + ": " + message + " (error_code " + errorCode + ")");
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
