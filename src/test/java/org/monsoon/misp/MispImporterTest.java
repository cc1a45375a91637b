package org.monsoon.misp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.monsoon.ingest.ReportRules;
import org.monsoon.schema.IncidentReport;
import org.monsoon.schema.Severity;
import org.monsoon.schema.Tlp;

class MispImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
    private static final MispImporter.Options DEFAULTS =
            new MispImporter.Options(Tlp.AMBER, Severity.MEDIUM, "other", "undetermined", true);
    private static final Path FEED = Path.of("src/test/resources/misp/feed");

    private static JsonNode event(String resource) throws IOException {
        return MispImporter.events(Files.readAllBytes(Path.of("src/test/resources/misp", resource)))
                .get(0);
    }

    private static Set<String> indicators(IncidentReport report) {
        return report.getIndicators().stream()
                .map(i -> i.getType() + ":" + i.getValue())
                .collect(Collectors.toSet());
    }

    @Test
    void aMispExportBecomesOneReportOfItsToIdsAttributes() throws IOException {
        MispImporter.Imported imported = MispImporter.read(event("event-phishing.json"), "SG", DEFAULTS, NOW);
        IncidentReport report = imported.report();
        assertEquals("misp-5e8f1d2a-3b4c-4d5e-8f90-a1b2c3d4e5f6", report.getReportId());
        assertEquals("Phishing kit targeting regional banks", report.getTitle());
        assertEquals(Tlp.GREEN, report.getTlp());
        assertEquals(Severity.HIGH, report.getSeverity());
        assertEquals("fraud", report.getCategory());
        assertEquals("phishing", report.getType());
        assertEquals(Instant.parse("2026-11-20T00:00:00Z"), report.getObservedAt());
        assertEquals(List.of("https://www.csa.gov.sg/alerts-and-advisories/example"), report.getReferences());
        assertEquals(
                Set.of(
                        "DOMAIN:secure-login.bank-sg.example",
                        "URL:https://secure-login.bank-sg.example/verify.php",
                        "IPV4:185.220.101.47",
                        "EMAIL:alerts@bank-sg-security.example",
                        "MD5:44d88612fea8a8f36de82e1278abb02f",
                        "SHA256:275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
                        "DOMAIN:panel.bank-sg-security.example",
                        "MALWARE:grandoreiro"),
                indicators(report));
        String skipped = String.join("\n", imported.skipped());
        assertTrue(skipped.contains("a0000001-0000-4000-8000-000000000005: address range 45.9.148.0/24"), skipped);
        assertTrue(
                skipped.contains("a0000001-0000-4000-8000-000000000006: attribute type sha512 is not imported"),
                skipped);
        assertEquals(
                1,
                imported.leftOut().size(),
                "left out as the pipeline would: no canonical form " + imported.leftOut());
        assertTrue(
                imported.leftOut()
                        .get(0)
                        .startsWith("attribute a0000001-0000-4000-8000-000000000011 (DOMAIN 'not a domain!'):"),
                imported.leftOut().get(0));
        assertTrue(skipped.contains("3 attribute(s) not marked to_ids"), skipped);
        assertEquals(3, imported.skipped().size(), skipped);
        assertEquals(Optional.empty(), imported.redBecause());
        assertEquals(Optional.empty(), ReportRules.check(report, NOW), "the report passes Monsoon's own rules");
    }

    @Test
    void attributesNotMarkedToIdsCanBeImportedToo() throws IOException {
        MispImporter.Options all = new MispImporter.Options(Tlp.AMBER, Severity.MEDIUM, "other", "undetermined", false);
        MispImporter.Imported imported = MispImporter.read(event("event-phishing.json"), "SG", all, NOW);
        assertTrue(
                indicators(imported.report()).containsAll(Set.of("DOMAIN:cdn.bank-sg.example", "CVE:CVE-2026-12345")));
        assertTrue(imported.skipped().stream().anyMatch(s -> s.endsWith("attribute type filename is not imported")));
    }

    @Test
    void aFeedImportsEveryEventItsManifestNames() throws IOException {
        List<Path> documents = MispFeed.documents(FEED.resolve("manifest.json"));
        assertEquals(documents, MispFeed.documents(FEED));
        assertEquals(2, documents.size());
        IncidentReport emotet = MispImporter.read(
                        MispImporter.events(Files.readAllBytes(documents.get(0)))
                                .get(0),
                        "MY",
                        DEFAULTS,
                        NOW)
                .report();
        assertEquals(Tlp.CLEAR, emotet.getTlp(), "tlp:white is TLP 1.0's CLEAR");
        assertEquals(Severity.MEDIUM, emotet.getSeverity());
        assertEquals("malicious-code", emotet.getCategory());
        assertEquals("malware", emotet.getType());
        assertEquals(
                Set.of(
                        "SHA256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "DOMAIN:emotet-c2.example",
                        "IPV4:203.0.113.77",
                        "URL:http://emotet-c2.example/wp-content/loader",
                        "MALWARE:emotet"),
                indicators(emotet));

        MispImporter.Imported vpn = MispImporter.read(
                MispImporter.events(Files.readAllBytes(documents.get(1))).get(0), "MY", DEFAULTS, NOW);
        assertEquals(Tlp.RED, vpn.report().getTlp(), "an attribute's tlp:red restricts the whole report");
        assertEquals(Optional.empty(), vpn.redBecause());
        assertEquals(Severity.MEDIUM, vpn.report().getSeverity(), "threat level 4 (undefined) takes the default");
        assertEquals("intrusions", vpn.report().getCategory());
        assertEquals("system-compromise", vpn.report().getType());
    }

    @Test
    void anUnknownTlpTagFailsClosedToRedAndNoTagTakesTheDefault() throws IOException {
        ObjectNode event = (ObjectNode) event("event-phishing.json");
        event.putArray("Tag").addObject().put("name", "tlp:ex:chr");
        MispImporter.Imported imported = MispImporter.read(event, "SG", DEFAULTS, NOW);
        assertEquals(Tlp.RED, imported.report().getTlp());
        assertEquals(Optional.of("unknown TLP tag 'tlp:ex:chr'"), imported.redBecause());

        event.putArray("Tag");
        assertEquals(
                Tlp.AMBER,
                MispImporter.read(event, "SG", DEFAULTS, NOW).report().getTlp());
        MispImporter.Options green =
                new MispImporter.Options(Tlp.GREEN, Severity.MEDIUM, "other", "undetermined", true);
        assertEquals(
                Tlp.GREEN, MispImporter.read(event, "SG", green, NOW).report().getTlp());
    }

    @Test
    void anEventPastTheIndicatorLimitIsSplitNeverCut() throws IOException {
        ObjectNode event = emptyEvent("big");
        var attributes = event.putArray("Attribute");
        for (int i = 0; i < 2_500; i++) {
            attributes.addObject().put("type", "domain").put("to_ids", true).put("value", "host" + i + ".example");
        }
        MispImporter.Imported imported = MispImporter.read(event, "SG", DEFAULTS, NOW);
        assertEquals(List.of(), imported.skipped(), "nothing is cut");
        List<IncidentReport> parts = imported.parts();
        assertEquals(3, parts.size());
        String id = imported.report().getReportId();
        assertEquals(
                List.of(id + ".1", id + ".2", id + ".3"),
                parts.stream().map(IncidentReport::getReportId).toList());
        assertEquals(
                2_500, parts.stream().mapToInt(p -> p.getIndicators().size()).sum(), "every indicator sent");
        for (IncidentReport part : parts) {
            assertTrue(part.getIndicators().size() <= ReportRules.MAX_INDICATORS);
            assertEquals(Optional.empty(), ReportRules.check(part, NOW), "each part passes Monsoon's rules");
        }
        assertTrue(
                parts.get(1).getTitle().endsWith("(part 2 of 3)"), parts.get(1).getTitle());
        assertEquals(parts, MispImporter.read(event, "SG", DEFAULTS, NOW).parts(), "the same event, the same parts");
    }

    @Test
    void aMalformedTagOrAnOversizedValueIsSkippedAndTheRestOfTheEventStillGoes() throws IOException {
        ObjectNode event = emptyEvent("odd");
        var tags = event.putArray("Tag");
        tags.addObject().put("name", "rsit:malicious-code=\"Malware Distribution!\"");
        tags.addObject().put("name", "ecsirt:fraud=\"phishing\"");
        var attributes = event.putArray("Attribute");
        attributes
                .addObject()
                .put("uuid", "big")
                .put("type", "url")
                .put("to_ids", true)
                .put("value", "https://evil.example/" + "a".repeat(3_000));
        attributes.addObject().put("type", "domain").put("to_ids", true).put("value", "evil.example");
        MispImporter.Imported imported = MispImporter.read(event, "SG", DEFAULTS, NOW);
        assertEquals(Set.of("DOMAIN:evil.example"), indicators(imported.report()));
        assertEquals("fraud", imported.report().getCategory(), "the next well-formed tag is used");
        assertEquals("phishing", imported.report().getType());
        assertEquals(
                List.of(
                        "tag 'rsit:malicious-code=\"Malware Distribution!\"': not an RSIT class and type, so not used",
                        "attribute big: URL value longer than 2048 chars"),
                imported.skipped());
        assertEquals(Optional.empty(), ReportRules.check(imported.report(), NOW));
    }

    @Test
    void whatIsNotAMispEventIsRefusedWithTheReason(@TempDir Path dir) throws IOException {
        assertEquals(
                "not a MISP event: not valid JSON",
                assertThrows(IOException.class, () -> MispImporter.events("{".getBytes(StandardCharsets.UTF_8)))
                        .getMessage());
        assertTrue(assertThrows(
                        IOException.class,
                        () -> MispImporter.events("{\"type\": \"bundle\"}".getBytes(StandardCharsets.UTF_8)))
                .getMessage()
                .startsWith("not a MISP event: needs"));
        ObjectNode empty = JSON.createObjectNode().put("uuid", "9d4f5e6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a");
        empty.putArray("Attribute")
                .addObject()
                .put("type", "comment")
                .put("to_ids", true)
                .put("value", "hello");
        IOException none = assertThrows(IOException.class, () -> MispImporter.read(empty, "SG", DEFAULTS, NOW));
        assertTrue(
                none.getMessage()
                        .contains("has no indicator Monsoon can import (left out or skipped: attribute comment: "
                                + "attribute type comment is not imported)"),
                none.getMessage());
        Files.writeString(dir.resolve("manifest.json"), "{\"../../etc/passwd\": {}}");
        assertTrue(assertThrows(IOException.class, () -> MispFeed.documents(dir))
                .getMessage()
                .endsWith("'../../etc/passwd' is not an event uuid"));
    }

    @Test
    void theRestApisResponseListAndABareListAreReadToo() throws IOException {
        String one = "{\"uuid\": \"8c3e4d5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f\", \"Attribute\": []}";
        assertEquals(
                2,
                MispImporter.events(("{\"response\": [{\"Event\": " + one + "}, {\"Event\": " + one + "}]}")
                                .getBytes(StandardCharsets.UTF_8))
                        .size());
        assertEquals(
                1,
                MispImporter.events(("[{\"Event\": " + one + "}]").getBytes(StandardCharsets.UTF_8))
                        .size());
    }

    /** An event with no attributes or tags yet. */
    private static ObjectNode emptyEvent(String info) {
        return JSON.createObjectNode()
                .put("uuid", "8c3e4d5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f")
                .put("info", info);
    }
}
