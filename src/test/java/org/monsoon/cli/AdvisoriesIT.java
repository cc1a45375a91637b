package org.monsoon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.monsoon.MonsoonApplication;
import org.monsoon.config.MonsoonConfig;
import org.monsoon.embedded.EmbeddedPlatform;
import org.monsoon.testing.CliRun;
import org.monsoon.testing.SharedPlatform;
import org.monsoon.testing.TestDirs;

/** End to end on the real broker: CERTs produce with `monsoon produce`, analysts read `monsoon advisories`. */
class AdvisoriesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "advisories-it.";

    @Test
    void aMultiMemberScenarioBecomesOneAdvisory() throws Exception {
        EmbeddedPlatform platform = SharedPlatform.get();
        MonsoonConfig config = MonsoonConfig.defaults()
                .withBootstrapServers(platform.bootstrapServers())
                .withSchemaRegistryUrl(platform.schemaRegistryUrl())
                .withRegistryCredentials(platform.registryUserInfo())
                .withTopicPrefix(PREFIX)
                .withApplicationId("advisories-it")
                .withDataDir(TestDirs.create("advisories-it"))
                .withTopicLayout(2, (short) 1);
        Instant observed = Instant.now().minus(Duration.ofHours(6));
        try (MonsoonApplication app = MonsoonApplication.start(config, false)) {
            produce(
                    platform,
                    "SG",
                    report(
                            "sg-1",
                            observed,
                            "GREEN",
                            "\"login-verify[.]bank-phish.example\"",
                            "\"hxxps://login-verify.bank-phish.example/auth\""));
            produce(
                    platform,
                    "MY",
                    report("my-1", observed.plusSeconds(3600), "AMBER", "\"LOGIN-VERIFY.bank-phish.example\"", null));
            produce(platform, "VN", report("vn-1", observed, "RED", "\"login-verify.bank-phish.example\"", null));
            produce(platform, "TH", report("th-1", observed, "GREEN", "\"benign-only-th.example\"", null));

            JsonNode advisory = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (advisory == null && System.nanoTime() < deadline) {
                List<JsonNode> lines = advisories(platform, "json");
                advisory = lines.stream()
                        .filter(a -> a.get("countries").size() == 2)
                        .findFirst()
                        .orElse(null);
                if (advisory == null) {
                    Thread.sleep(1000);
                }
            }
            assertTrue(advisory != null, "an advisory appeared");
            assertEquals("ACTIVE", advisory.get("status").asText());
            assertEquals("[\"MY\",\"SG\"]", advisory.get("countries").toString());
            assertEquals("AMBER", advisory.get("tlp").asText());
            assertEquals(2, advisory.get("report_count").asInt());
            List<String> values = new ArrayList<>();
            advisory.get("indicators")
                    .forEach(i -> values.add(
                            i.get("type").asText() + ":" + i.get("value").asText()));
            assertEquals(List.of("DOMAIN:login-verify.bank-phish.example"), values);
            assertFalse(advisory.toString().contains("VN"), "nothing of the RED report");
            assertTrue(advisory.get("first_seen").asText().endsWith("Z"), "ISO-8601 timestamps");
            assertEquals(1, advisories(platform, "json").size(), "one line per advisory, latest version");
            String shortId = advisory.get("advisory_id").asText().substring(0, 8);
            CliRun.Outcome one = CliRun.run(PREFIX, "advisories", shortId);
            assertEquals(0, one.code(), one.err());
            assertEquals(advisory.get("advisory_id"), one.jsonLines().get(0).get("advisory_id"));
            CliRun.Outcome none = CliRun.run(PREFIX, "advisories", "00000000");
            assertEquals(1, none.code());
            assertEquals("monsoon: no such advisory: 00000000", none.err().strip());
            CliRun.Outcome bad = CliRun.run(PREFIX, "advisories", "7c0a");
            assertEquals(2, bad.code());
            assertEquals(1, bad.err().strip().lines().count(), bad.err());

            StringWriter stix = new StringWriter();
            assertEquals(
                    0,
                    MonsoonCli.execute(
                            args("advisories", "--format", "stix"),
                            Map.of(),
                            new PrintWriter(stix, true),
                            new PrintWriter(new StringWriter(), true)));
            JsonNode bundle = JSON.readTree(stix.toString()); // the whole output is one document a TIP imports
            assertEquals(1, stix.toString().strip().lines().count(), "one bundle of every advisory");
            assertEquals("bundle", bundle.get("type").asText());
            assertTrue(
                    bundle.toString().contains("[domain-name:value = 'login-verify.bank-phish.example']"),
                    bundle.toString());

            StringWriter table = new StringWriter();
            assertEquals(
                    0,
                    MonsoonCli.execute(
                            args("advisories", "--format", "table"),
                            Map.of(),
                            new PrintWriter(table, true),
                            new PrintWriter(new StringWriter(), true)));
            assertTrue(table.toString().lines().findFirst().orElse("").contains("SEVERITY"), table.toString());
            assertTrue(table.toString().contains("TLP:AMBER"), table.toString());

            // A third CERT submits a STIX bundle instead of JSON Lines.
            Path bundleFile = Files.createTempFile("bundle", ".json");
            Files.writeString(
                    bundleFile,
                    "{\"type\":\"bundle\",\"id\":\"bundle--th-1\",\"objects\":["
                            + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--1\",\"pattern_type\":\"stix\","
                            + "\"pattern\":\"[domain-name:value = 'login-verify.bank-phish.example']\",\"valid_from\":\""
                            + observed + "\","
                            + "\"object_marking_refs\":[\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\"]},"
                            + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--2\",\"pattern_type\":\"sigma\","
                            + "\"pattern\":\"title: x\",\"valid_from\":\"" + observed + "\"}]}");
            StringWriter stixErr = new StringWriter();
            assertEquals(
                    0,
                    MonsoonCli.execute(
                            args("produce", "--reporter", "TH", "--format", "stix", "--file", bundleFile.toString()),
                            Map.of(),
                            new PrintWriter(new StringWriter(), true),
                            new PrintWriter(stixErr, true)),
                    stixErr.toString());
            assertTrue(
                    stixErr.toString().contains("skipped indicator--2: pattern_type sigma is not stix"),
                    stixErr.toString());
            JsonNode grown = null;
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (grown == null && System.nanoTime() < until) {
                grown = advisories(platform, "json").stream()
                        .filter(a -> a.get("countries").size() == 3)
                        .findFirst()
                        .orElse(null);
                Thread.sleep(500);
            }
            assertTrue(grown != null, "the STIX report joined the advisory");
            assertEquals("[\"MY\",\"SG\",\"TH\"]", grown.get("countries").toString());
        }
    }

    private static String report(String id, Instant observed, String tlp, String domain, String url) {
        return "{\"report_id\":\"" + id + "\",\"observed_at\":\"" + observed + "\",\"tlp\":\"" + tlp + "\","
                + "\"severity\":\"HIGH\",\"category\":\"fraud\",\"type\":\"phishing\",\"sector\":\"finance\","
                + "\"title\":\"Credential phishing " + id + "\",\"indicators\":[{\"type\":\"DOMAIN\",\"value\":"
                + domain + "}"
                + (url == null ? "" : ",{\"type\":\"URL\",\"value\":" + url + "}") + "]}";
    }

    private static void produce(EmbeddedPlatform platform, String member, String line) throws Exception {
        Path file = Files.createTempFile("reports-" + member, ".jsonl");
        Files.writeString(file, line + "\n");
        StringWriter err = new StringWriter();
        int code = MonsoonCli.execute(
                args("produce", "--reporter", member, "--file", file.toString()),
                Map.of(),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));
        assertEquals(0, code, err.toString());
    }

    private static List<JsonNode> advisories(EmbeddedPlatform platform, String format) throws Exception {
        CliRun.Outcome run = CliRun.run(PREFIX, "advisories", "--format", format);
        assertEquals(0, run.code(), run.err());
        return run.jsonLines();
    }

    private static String[] args(String... command) {
        return CliRun.args(PREFIX, command);
    }
}
