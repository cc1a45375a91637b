package org.monsoon.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.monsoon.testing.InMemoryRegistry;

/** The Confluent REST contract over real HTTP: one test per endpoint and per error code. */
class SchemaRegistryServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1 =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}";
    private static final String V2 =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"},"
                    + "{\"name\":\"b\",\"type\":\"int\",\"default\":0}]}";
    private static final String BREAKING =
            "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"c\",\"type\":\"int\"}]}";

    private final HttpClient http = HttpClient.newHttpClient();
    private InMemoryRegistry registry;

    record Answer(int status, JsonNode body, String contentType) {
        int errorCode() {
            return body.path("error_code").asInt();
        }
    }

    @BeforeEach
    void start() {
        registry = new InMemoryRegistry();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private Answer call(String method, String path, String body, String contentType) throws Exception {
        return callAs(
                "Basic "
                        + java.util.Base64.getEncoder()
                                .encodeToString(registry.userInfo().getBytes()),
                method,
                path,
                body,
                contentType);
    }

    /** A request with the given Authorization header, or none when it is null. */
    private Answer callAs(String authorization, String method, String path, String body, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry.url() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(),
                JSON.readTree(response.body()),
                response.headers().firstValue("Content-Type").orElse(""));
    }

    private Answer call(String method, String path, String body) throws Exception {
        return call(method, path, body, "application/vnd.schemaregistry.v1+json");
    }

    private static String schemaBody(String schema) {
        return JSON.createObjectNode().put("schema", schema).toString();
    }

    @Test
    void registerReturnsAnIdAndIsIdempotent() throws Exception {
        Answer first = call("POST", "/subjects/s-value/versions", schemaBody(V1));
        assertEquals(200, first.status());
        assertEquals("application/vnd.schemaregistry.v1+json", first.contentType());
        Answer again = call("POST", "/subjects/s-value/versions", schemaBody(V1));
        assertEquals(first.body().get("id"), again.body().get("id"));
        assertEquals(
                "[1]", call("GET", "/subjects/s-value/versions", null).body().toString());
    }

    @Test
    void theSameSchemaUnderAnotherSubjectKeepsItsId() throws Exception {
        int a = call("POST", "/subjects/a-value/versions", schemaBody(V1))
                .body()
                .get("id")
                .asInt();
        int b = call("POST", "/subjects/b-value/versions", schemaBody(V1))
                .body()
                .get("id")
                .asInt();
        assertEquals(a, b);
    }

    @Test
    void plainApplicationJsonIsAccepted() throws Exception {
        assertEquals(
                200,
                call("POST", "/subjects/j-value/versions", schemaBody(V1), "application/json")
                        .status());
    }

    @Test
    void lookupFindsARegisteredSchema() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        Answer found = call("POST", "/subjects/s-value", schemaBody(V1));
        assertEquals(200, found.status());
        assertEquals(1, found.body().get("version").asInt());
        assertEquals("s-value", found.body().get("subject").asText());
    }

    @Test
    void lookupOfAnUnknownSchemaIs40403AndOfAnUnknownSubject40401() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        Answer schema = call("POST", "/subjects/s-value", schemaBody(V2));
        assertEquals(404, schema.status());
        assertEquals(40403, schema.errorCode());
        Answer subject = call("POST", "/subjects/nope-value", schemaBody(V1));
        assertEquals(404, subject.status());
        assertEquals(40401, subject.errorCode());
    }

    @Test
    void listsSubjects() throws Exception {
        call("POST", "/subjects/b-value/versions", schemaBody(V1));
        call("POST", "/subjects/a-value/versions", schemaBody(V1));
        assertEquals(
                "[\"a-value\",\"b-value\"]",
                call("GET", "/subjects", null).body().toString());
    }

    @Test
    void versionsOfAnUnknownSubjectIs40401() throws Exception {
        Answer answer = call("GET", "/subjects/none/versions", null);
        assertEquals(404, answer.status());
        assertEquals(40401, answer.errorCode());
    }

    @Test
    void getsAVersionByNumberAndLatest() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        int id2 = call("POST", "/subjects/s-value/versions", schemaBody(V2))
                .body()
                .get("id")
                .asInt();
        Answer latest = call("GET", "/subjects/s-value/versions/latest", null);
        assertEquals(2, latest.body().get("version").asInt());
        assertEquals(id2, latest.body().get("id").asInt());
        Answer first = call("GET", "/subjects/s-value/versions/1", null);
        assertEquals(1, first.body().get("version").asInt());
        assertTrue(first.body().get("schema").asText().contains("\"a\""));
    }

    @Test
    void anUnknownVersionIs40402AndAMalformedOne42202() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        Answer missing = call("GET", "/subjects/s-value/versions/7", null);
        assertEquals(404, missing.status());
        assertEquals(40402, missing.errorCode());
        Answer malformed = call("GET", "/subjects/s-value/versions/abc", null);
        assertEquals(422, malformed.status());
        assertEquals(42202, malformed.errorCode());
    }

    @Test
    void schemaById() throws Exception {
        int id = call("POST", "/subjects/s-value/versions", schemaBody(V1))
                .body()
                .get("id")
                .asInt();
        Answer answer = call("GET", "/schemas/ids/" + id, null);
        assertEquals(200, answer.status());
        assertTrue(answer.body().get("schema").asText().contains("\"name\":\"R\""));
    }

    @Test
    void unknownSchemaIdIs40403() throws Exception {
        Answer answer = call("GET", "/schemas/ids/4242", null);
        assertEquals(404, answer.status());
        assertEquals(40403, answer.errorCode());
    }

    @Test
    void incompatibleRegistrationIs409UnderBackwardByDefault() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        Answer answer = call("POST", "/subjects/s-value/versions", schemaBody(BREAKING));
        assertEquals(409, answer.status());
        assertEquals(409, answer.errorCode());
        assertTrue(answer.body().get("message").asText().contains("incompatible"));
    }

    @Test
    void invalidSchemaIs42201() throws Exception {
        Answer answer = call("POST", "/subjects/s-value/versions", schemaBody("{\"type\":\"record\",\"name\":\"X\"}"));
        assertEquals(422, answer.status());
        assertEquals(42201, answer.errorCode());
        Answer notJson = call("POST", "/subjects/s-value/versions", schemaBody("not a schema"));
        assertEquals(42201, notJson.errorCode());
    }

    @Test
    void compatibilityCheckAgainstLatestAndAVersion() throws Exception {
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        Answer ok = call("POST", "/compatibility/subjects/s-value/versions/latest", schemaBody(V2));
        assertEquals(200, ok.status());
        assertTrue(ok.body().get("is_compatible").asBoolean());
        Answer bad = call("POST", "/compatibility/subjects/s-value/versions/1?verbose=true", schemaBody(BREAKING));
        assertFalse(bad.body().get("is_compatible").asBoolean());
        assertTrue(bad.body().get("messages").size() > 0);
        Answer missing = call("POST", "/compatibility/subjects/s-value/versions/9", schemaBody(V2));
        assertEquals(40402, missing.errorCode());
    }

    @Test
    void globalConfigDefaultsToBackwardAndCanBeChanged() throws Exception {
        assertEquals(
                "BACKWARD",
                call("GET", "/config", null).body().get("compatibilityLevel").asText());
        Answer put = call("PUT", "/config", "{\"compatibility\":\"FULL\"}");
        assertEquals("FULL", put.body().get("compatibility").asText());
        assertEquals(
                "FULL",
                call("GET", "/config", null).body().get("compatibilityLevel").asText());
    }

    @Test
    void subjectConfigOverridesGlobalAndNoneAllowsBreakingChanges() throws Exception {
        Answer unset = call("GET", "/config/s-value", null);
        assertEquals(40408, unset.errorCode());
        assertEquals(
                "BACKWARD",
                call("GET", "/config/s-value?defaultToGlobal=true", null)
                        .body()
                        .get("compatibilityLevel")
                        .asText());
        call("PUT", "/config/s-value", "{\"compatibility\":\"NONE\"}");
        assertEquals(
                "NONE",
                call("GET", "/config/s-value", null)
                        .body()
                        .get("compatibilityLevel")
                        .asText());
        call("POST", "/subjects/s-value/versions", schemaBody(V1));
        assertEquals(
                200,
                call("POST", "/subjects/s-value/versions", schemaBody(BREAKING)).status());
    }

    @Test
    void invalidCompatibilityLevelIs42203() throws Exception {
        Answer answer = call("PUT", "/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertEquals(422, answer.status());
        assertEquals(42203, answer.errorCode());
        assertEquals(
                42203,
                call("PUT", "/config/s-value", "{\"compatibility\":\"\"}").errorCode());
    }

    @Test
    void unsupportedMediaTypeAndUnknownRoutes() throws Exception {
        assertEquals(
                415,
                call("POST", "/subjects/s-value/versions", schemaBody(V1), "text/plain")
                        .status());
        assertEquals(404, call("GET", "/nowhere", null).status());
        assertEquals(405, call("DELETE", "/schemas/ids/1", null).status());
    }

    @Test
    void everyWriteNeedsTheCredentialAndReadsStayOpen() throws Exception {
        String json = "application/vnd.schemaregistry.v1+json";
        String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("monsoon-admin:guess".getBytes());
        for (String authorization : new String[] {null, wrong, "Bearer x"}) {
            Answer register = callAs(authorization, "POST", "/subjects/s-value/versions", schemaBody(V1), json);
            assertEquals(401, register.status());
            assertEquals(40101, register.errorCode());
            assertEquals(
                    401,
                    callAs(authorization, "PUT", "/config", "{\"compatibility\":\"NONE\"}", json)
                            .status());
            assertEquals(
                    401,
                    callAs(authorization, "PUT", "/config/s-value", "{\"compatibility\":\"NONE\"}", json)
                            .status());
            assertEquals(
                    401,
                    callAs(authorization, "DELETE", "/subjects/s-value", null, json)
                            .status());
            assertEquals(
                    401,
                    callAs(authorization, "PUT", "/mode", "{\"mode\":\"IMPORT\"}", json)
                            .status());
        }
        assertEquals(
                200, call("POST", "/subjects/s-value/versions", schemaBody(V1)).status());
        // Reads, including the two POSTs that only ask, need nothing.
        assertEquals(200, callAs(null, "GET", "/subjects", null, json).status());
        assertEquals(
                200,
                callAs(null, "GET", "/subjects/s-value/versions/latest", null, json)
                        .status());
        assertEquals(
                200,
                callAs(null, "POST", "/subjects/s-value", schemaBody(V1), json).status());
        assertEquals(
                200,
                callAs(null, "POST", "/compatibility/subjects/s-value/versions/latest", schemaBody(V2), json)
                        .status());
        assertEquals(200, callAs(null, "GET", "/config", null, json).status());
        assertEquals(
                "BACKWARD",
                call("GET", "/config", null).body().path("compatibilityLevel").asText(),
                "the anonymous PUTs changed nothing");
    }

    @Test
    void isVersionOfTellsAnUnrelatedSubjectsSchemaApart() {
        SchemaRegistryClient client = registry.client();
        int own = client.register("own-value", new org.apache.avro.Schema.Parser().parse(V1));
        int other = client.register("other-value", new org.apache.avro.Schema.Parser().parse(BREAKING));
        SchemaRegistryClient anonymous = new SchemaRegistryClient(registry.url(), null);
        assertTrue(anonymous.isVersionOf("own-value", own));
        assertFalse(anonymous.isVersionOf("own-value", other));
        assertTrue(anonymous.isVersionOf("other-value", other));
    }
}
