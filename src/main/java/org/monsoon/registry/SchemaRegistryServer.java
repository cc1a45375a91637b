package org.monsoon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.monsoon.http.HttpCall;
import org.monsoon.http.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded registry's HTTP face: the subset of the Confluent Schema Registry REST API that
 * serializers and operators use, with Confluent's statuses, {@code error_code}s and media type.
 *
 * <p>It runs on Monsoon's Jetty-based {@link HttpServer}: idle timeouts, capped headers and bodies, so
 * slow or half-sent requests cannot starve the serializers' lookups.
 */
public final class SchemaRegistryServer implements AutoCloseable {
    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final int MAX_BODY_BYTES = 2 * 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SUBJECT_VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern SUBJECT_VERSION = Pattern.compile("/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern SCHEMA_ID = Pattern.compile("/schemas/ids/([^/]+)");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/([^/]+)");
    private static final Pattern SUBJECT_CONFIG = Pattern.compile("/config/([^/]+)");

    private final SchemaRegistry registry;
    private final RegistryCredentials writer;
    private final HttpServer server;
    private final String bindHost;

    /**
     * @param writer the credential every write (register, config, delete, mode) must carry; reads are open
     */
    public SchemaRegistryServer(SchemaRegistry registry, String host, int port, RegistryCredentials writer)
            throws IOException {
        this.registry = registry;
        this.writer = java.util.Objects.requireNonNull(writer, "writer credentials");
        this.bindHost = host;
        this.server = HttpServer.start("schema-registry-http", host, port);
    }

    /** Starts answering (until then every path is 404). */
    public void start() {
        server.mount("/", this::handle);
    }

    /** The URL clients use, e.g. {@code http://127.0.0.1:8081}. */
    public String url() {
        return "http://" + bindHost + ":" + server.address().getPort();
    }

    @Override
    public void close() {
        server.close();
    }

    private void handle(HttpCall call) throws IOException {
        try {
            authorize(call);
            respond(call, 200, route(call.method(), call.rawPath(), call.rawQuery(), call));
        } catch (SchemaRegistryException e) {
            respond(call, e.status(), error(e.errorCode(), e.getMessage()));
        } catch (HttpCall.BodyTooLarge e) {
            respond(call, 413, error(413, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Schema registry request {} {} failed", call.method(), call.rawPath(), e);
            respond(call, 500, error(50001, "Internal error: " + e.getMessage()));
        }
    }

    /**
     * Reads are GETs, plus the two POSTs that only ask (a lookup under a subject, a compatibility check);
     * everything else changes the registry and needs the writer's credential.
     */
    private void authorize(HttpCall call) {
        String method = call.method();
        String path = call.rawPath().replaceAll("/+$", "");
        boolean read = method.equals("GET")
                || method.equals("HEAD")
                || (method.equals("POST")
                        && (SUBJECT.matcher(path).matches()
                                || COMPATIBILITY.matcher(path).matches()));
        if (!read && !writer.matches(call.header("Authorization"))) {
            throw new SchemaRegistryException(
                    401,
                    SchemaRegistryException.UNAUTHORIZED,
                    "Unauthorized: " + method + " changes the registry and needs credentials (HTTP basic auth)");
        }
    }

    private JsonNode route(String method, String rawPath, String rawQuery, HttpCall exchange) throws IOException {
        String path = rawPath.replaceAll("/+$", "");
        Matcher m;
        if (path.isEmpty()) {
            return JSON.createObjectNode();
        }
        if (path.equals("/subjects") && method.equals("GET")) {
            return JSON.valueToTree(registry.subjects());
        }
        if ((m = SUBJECT_VERSIONS.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            if (method.equals("POST")) {
                return JSON.createObjectNode().put("id", registry.register(subject, schemaOf(exchange)));
            }
            requireMethod(method, "GET");
            return JSON.valueToTree(registry.versions(subject));
        }
        if ((m = SUBJECT_VERSION.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return describe(registry.version(decode(m.group(1)), decode(m.group(2))));
        }
        if ((m = SUBJECT.matcher(path)).matches()) {
            requireMethod(method, "POST");
            return describe(registry.lookup(decode(m.group(1)), schemaOf(exchange)));
        }
        if ((m = SCHEMA_ID.matcher(path)).matches()) {
            requireMethod(method, "GET");
            return JSON.createObjectNode().put("schema", registry.schemaById(parseId(m.group(1))));
        }
        if ((m = COMPATIBILITY.matcher(path)).matches()) {
            requireMethod(method, "POST");
            List<String> violations =
                    registry.compatibility(decode(m.group(1)), decode(m.group(2)), schemaOf(exchange));
            ObjectNode answer = JSON.createObjectNode().put("is_compatible", violations.isEmpty());
            if (String.valueOf(rawQuery).contains("verbose=true")) {
                answer.set("messages", JSON.valueToTree(violations));
            }
            return answer;
        }
        if (path.equals("/config")) {
            return config(method, null, exchange, false);
        }
        if ((m = SUBJECT_CONFIG.matcher(path)).matches()) {
            return config(
                    method,
                    decode(m.group(1)),
                    exchange,
                    String.valueOf(rawQuery).contains("defaultToGlobal=true"));
        }
        throw new SchemaRegistryException(404, 404, "HTTP 404 Not Found: " + method + " " + path);
    }

    private JsonNode config(String method, String subject, HttpCall exchange, boolean defaultToGlobal)
            throws IOException {
        if (method.equals("PUT")) {
            JsonNode body = body(exchange);
            CompatibilityLevel level =
                    registry.setLevel(subject, body.path("compatibility").asText(null));
            return JSON.createObjectNode().put("compatibility", level.name());
        }
        requireMethod(method, "GET");
        CompatibilityLevel level = subject == null
                ? registry.globalLevel()
                : registry.subjectLevel(subject)
                        .or(() -> defaultToGlobal
                                ? java.util.Optional.of(registry.globalLevel())
                                : java.util.Optional.empty())
                        .orElseThrow(() -> new SchemaRegistryException(
                                404,
                                SchemaRegistryException.SUBJECT_LEVEL_CONFIG_NOT_FOUND,
                                "Subject '" + subject + "' does not have subject-level compatibility configured"));
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    private static JsonNode describe(RegisteredSchema r) {
        return JSON.createObjectNode()
                .put("subject", r.subject())
                .put("version", r.version())
                .put("id", r.id())
                .put("schema", r.schema());
    }

    private String schemaOf(HttpCall exchange) throws IOException {
        JsonNode body = body(exchange);
        String type = body.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.INVALID_SCHEMA,
                    "Schema type " + type + " is not supported by this registry (AVRO only)");
        }
        if (body.path("references").size() > 0) {
            throw new SchemaRegistryException(
                    422,
                    SchemaRegistryException.INVALID_SCHEMA,
                    "Schema references are not supported by this registry");
        }
        JsonNode schema = body.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new SchemaRegistryException(
                    422, SchemaRegistryException.INVALID_SCHEMA, "Request body needs a string field 'schema'");
        }
        return schema.asText();
    }

    private static JsonNode body(HttpCall exchange) throws IOException {
        String contentType = exchange.header("Content-Type");
        if (contentType != null && !acceptable(contentType)) {
            throw new SchemaRegistryException(415, 415, "HTTP 415 Unsupported Media Type: " + contentType);
        }
        byte[] bytes;
        try {
            bytes = exchange.body(MAX_BODY_BYTES);
        } catch (HttpCall.BodyTooLarge e) {
            throw new SchemaRegistryException(413, 413, "Request body larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new SchemaRegistryException(400, 400, "Request body is not JSON: " + e.getMessage());
        }
    }

    private static boolean acceptable(String contentType) {
        String type = contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        return type.equals(MEDIA_TYPE)
                || type.equals("application/vnd.schemaregistry+json")
                || type.equals("application/json")
                || type.equals("application/octet-stream");
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new SchemaRegistryException(405, 405, "HTTP 405 Method Not Allowed: " + method);
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw SchemaRegistryException.schemaNotFound("with id " + text);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static void respond(HttpCall call, int status, JsonNode body) throws IOException {
        if (status == 401) {
            call.setHeader("WWW-Authenticate", "Basic realm=\"monsoon-schema-registry\"");
        }
        call.respond(status, MEDIA_TYPE, JSON.writeValueAsBytes(body));
    }
}
