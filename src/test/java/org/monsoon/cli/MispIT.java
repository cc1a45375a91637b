package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.testing.Await;
import org.monsoon.testing.CliRun;
import org.monsoon.testing.Http;
import org.monsoon.testing.SharedPlatform;

/**
 * MISP in and out on the real broker: SingCERT imports a MISP export, MyCERT a MISP feed (its
 * manifest), the shared indicators become an advisory, and the advisory comes back out as a MISP
 * event, from the CLI and from the API, valid against MISP's event schema.
 */
class MispIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "misp-it.";
    private static final String TOKEN = "misp-it-token";
    private static final Path DATA = Path.of("src/test/resources/misp");

    @Test
    void mispEventsInAndAnAdvisoryOutAsAMispEvent(@TempDir Path dir) throws Exception {
        MonsoonConfig config = SharedPlatform.config("misp-it", 2)
                .withDataDir(dir.resolve("data"))
                .withHttp("127.0.0.1", 0)
                .withApiToken(TOKEN);
        try (MonsoonApplication app = MonsoonApplication.start(config, true)) {
            Path export = recent(DATA.resolve("event-phishing.json"), dir.resolve("sg-event.json"));
            // The export carries a DOMAIN 'not a domain!': left out, named, and exit 3 says so.
            String sg = produce("SG", export, 3);
            assertTrue(
                    sg.contains("left out attribute a0000001-0000-4000-8000-000000000011 (DOMAIN 'not a domain!')"),
                    sg);
            assertTrue(
                    sg.contains(
                            "sent report misp-5e8f1d2a-3b4c-4d5e-8f90-a1b2c3d4e5f6 with 8 indicator(s) (TLP:GREEN, HIGH)"),
                    sg);
            assertTrue(sg.contains("skipped attribute a0000001-0000-4000-8000-000000000005: address range"), sg);

            Path feed = Files.createDirectories(dir.resolve("feed"));
            try (Stream<Path> files = Files.list(DATA.resolve("feed"))) {
                for (Path f : files.toList()) {
                    if (!f.getFileName().toString().equals("manifest.json")) {
                        recent(f, feed.resolve(f.getFileName()));
                    }
                }
            }
            ObjectNode manifest = (ObjectNode)
                    JSON.readTree(DATA.resolve("feed/manifest.json").toFile());
            String shared =
                    "{\"Event\": {\"uuid\": \"0f1e2d3c-4b5a-4968-8776-655443322110\", \"info\": \"Bank phishing panel\","
                            + " \"date\": \"2026-01-01\", \"threat_level_id\": \"2\", \"Tag\": [{\"name\": \"tlp:green\"},"
                            + " {\"name\": \"rsit:fraud=\\\"phishing\\\"\"}], \"Attribute\": [{\"type\": \"domain\", \"to_ids\": true,"
                            + " \"value\": \"panel.bank-sg-security.example\"}, {\"type\": \"ip-dst\", \"to_ids\": true,"
                            + " \"value\": \"185.220.101.47\"}]}}";
            Files.writeString(feed.resolve("0f1e2d3c-4b5a-4968-8776-655443322110.json"), shared);
            recent(
                    feed.resolve("0f1e2d3c-4b5a-4968-8776-655443322110.json"),
                    feed.resolve("0f1e2d3c-4b5a-4968-8776-655443322110.json"));
            manifest.putObject("0f1e2d3c-4b5a-4968-8776-655443322110").put("info", "Bank phishing panel");
            Files.writeString(feed.resolve("manifest.json"), manifest.toString());
            String my = produce("MY", feed.resolve("manifest.json"), 0);
            assertTrue(my.contains("sent 3 report(s) from MISP events"), my);
            assertTrue(my.contains("(TLP:RED, MEDIUM)"), my);

            JsonNode advisory = Await.until(
                    () -> advisories("json").stream()
                            .filter(a -> a.get("countries").toString().equals("[\"MY\",\"SG\"]"))
                            .findFirst()
                            .orElse(null),
                    a -> a != null && a.get("indicators").size() == 2,
                    java.time.Duration.ofSeconds(90),
                    "an advisory of the MISP reports");

            // One document, as MISP imports a file: {"response": [{"Event": ...}, ...]}.
            List<JsonNode> documents = advisories("misp");
            assertEquals(1, documents.size(), "one document, not one event per line");
            JsonNode event = documents.get(0).get("response").get(0);
            List<String> violations = new ArrayList<>();
            for (Error e : SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(Files.readString(DATA.resolve("event-schema.json")))
                    .validate(event)) {
                violations.add(e.toString());
            }
            assertEquals(List.of(), violations, event.toPrettyString());
            List<String> values = new ArrayList<>();
            event.get("Event")
                    .get("Attribute")
                    .forEach(a -> values.add(
                            a.get("type").asText() + ":" + a.get("value").asText()));
            assertEquals(List.of("ip-dst:185.220.101.47", "domain:panel.bank-sg-security.example"), values);
            assertTrue(event.get("Event").get("Tag").toString().contains("tlp:green"), event.toString());

            String id = advisory.get("advisory_id").asText();
            Http.Response api = Http.getWithBearer(app.httpUrl() + "/api/advisories/" + id + "/misp", TOKEN);
            assertEquals(200, api.status(), api.body());
            assertEquals(
                    event.get("Event").get("uuid"),
                    JSON.readTree(api.body()).get("Event").get("uuid"));

            // The same advisories as a MISP feed, for MISP's built-in feed fetcher: the manifest carries
            // what MISP's own feeds carry per event, each event is MISP's event format, hashes.csv names
            // each attribute's MD5 with its event.
            String uuid = event.get("Event").get("uuid").asText();
            JsonNode served = Await.until(
                    () -> {
                        try {
                            return JSON.readTree(Http.getWithBearer(app.httpUrl() + "/misp/manifest.json", TOKEN)
                                    .body());
                        } catch (Exception e) {
                            return null;
                        }
                    },
                    m -> m != null && m.has(uuid),
                    java.time.Duration.ofSeconds(60),
                    "the advisory in the served MISP feed");
            JsonNode sample = JSON.readTree(DATA.resolve("feed/manifest.json").toFile());
            java.util.Set<String> fields = new java.util.TreeSet<>();
            sample.elements().next().fieldNames().forEachRemaining(fields::add);
            java.util.Set<String> servedFields = new java.util.TreeSet<>();
            served.get(uuid).fieldNames().forEachRemaining(servedFields::add);
            assertEquals(fields, servedFields, "the manifest entry has the fields of MISP's own feeds");
            Http.Response feedEvent = Http.getWithBearer(app.httpUrl() + "/misp/" + uuid + ".json", TOKEN);
            assertEquals(200, feedEvent.status(), feedEvent.body());
            JsonNode fetched = JSON.readTree(feedEvent.body());
            List<String> feedViolations = new ArrayList<>();
            for (Error e : SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4)
                    .getSchema(Files.readString(DATA.resolve("event-schema.json")))
                    .validate(fetched)) {
                feedViolations.add(e.toString());
            }
            assertEquals(List.of(), feedViolations, fetched.toPrettyString());
            assertEquals(served.get(uuid).get("timestamp"), fetched.get("Event").get("timestamp"));
            String hashes = Http.getWithBearer(app.httpUrl() + "/misp/hashes.csv", TOKEN)
                    .body();
            String md5 = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("MD5")
                            .digest("185.220.101.47".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertTrue(hashes.contains(md5 + "," + uuid + "\n"), hashes);
            assertEquals(401, Http.get(app.httpUrl() + "/misp/manifest.json").status(), "behind the API token");
            // MISP's feed layout, read back by Monsoon's own importer: the served feed is a feed.
            Path copy = dir.resolve("served-feed");
            Files.createDirectories(copy);
            Files.writeString(copy.resolve("manifest.json"), served.toString());
            Files.writeString(copy.resolve(uuid + ".json"), feedEvent.body());
            assertEquals(
                    1,
                    org.monsoon.misp.MispFeed.documents(copy.resolve("manifest.json"))
                            .size());
        }
    }

    /** A copy of a MISP event dated yesterday, so that it falls inside the correlation window. */
    private static Path recent(Path from, Path to) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(from.toFile());
        ((ObjectNode) root.get("Event"))
                .put("date", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
        Files.writeString(to, root.toString());
        return to;
    }

    private static String produce(String member, Path file, int exit) {
        CliRun.Outcome run =
                CliRun.run(PREFIX, "produce", "--reporter", member, "--format", "misp", "--file", file.toString());
        assertEquals(exit, run.code(), run.err());
        return run.err();
    }

    private static List<JsonNode> advisories(String format) {
        CliRun.Outcome run = CliRun.run(PREFIX, "advisories", "--format", format);
        assertEquals(0, run.code(), run.err());
        return run.jsonLines();
    }
}
